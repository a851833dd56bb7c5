/** The test helper that reads /metrics must itself refuse what Prometheus would refuse, or the metrics test proves little. */
import { describe, expect, it } from 'vitest';
import { parsePrometheusText } from '../helpers/prometheus-text';

const VALID = [
  '# HELP requests_total Requests, by code.',
  '# TYPE requests_total counter',
  'requests_total{code="200",path="a \\"quoted\\" \\\\ path"} 3',
  'requests_total{code="500",} 1e3',
  '# a comment',
  '# TYPE up gauge',
  'up NaN',
  '# TYPE latency_seconds histogram',
  'latency_seconds_bucket{le="0.1"} 1',
  'latency_seconds_bucket{le="1"} 2',
  'latency_seconds_bucket{le="+Inf"} 2',
  'latency_seconds_sum 0.6',
  'latency_seconds_count 2',
  '',
].join('\n');

describe('the Prometheus text reader used by the metrics tests', () => {
  it('reads samples, labels with escapes and values', () => {
    const parsed = parsePrometheusText(VALID);
    expect(parsed.value('requests_total', { code: '200' })).toBe(3);
    expect(parsed.find('requests_total', { code: '200' })[0]?.labels.path).toBe('a "quoted" \\ path');
    expect(parsed.value('requests_total', { code: '500' })).toBe(1000);
    expect(parsed.value('up')).toBeNaN();
    expect(parsed.value('latency_seconds_count')).toBe(2);
    expect(parsed.types.get('latency_seconds')).toBe('histogram');
  });

  it.each([
    ['a sample without TYPE', 'orphan 1'],
    ['a malformed value', '# TYPE x gauge\nx one'],
    ['a missing value', '# TYPE x gauge\nx'],
    ['an unquoted label', '# TYPE x gauge\nx{a=b} 1'],
    ['a label twice', '# TYPE x gauge\nx{a="1",a="2"} 1'],
    ['garbage between labels', '# TYPE x gauge\nx{a="1" b="2"} 1'],
    ['an unknown type', '# TYPE x widget\nx 1'],
    ['a family declared twice', '# TYPE x gauge\nx 1\n# TYPE x gauge'],
    ['a family split in two', '# TYPE x gauge\n# TYPE y gauge\nx 1\ny 1\nx{a="1"} 2'],
    ['a bad metric name', '# TYPE x gauge\n1x 1'],
    ['buckets that are not cumulative', '# TYPE h histogram\nh_bucket{le="1"} 2\nh_bucket{le="+Inf"} 1\nh_sum 1\nh_count 1'],
    ['no +Inf bucket', '# TYPE h histogram\nh_bucket{le="1"} 1\nh_sum 1\nh_count 1'],
    ['+Inf bucket not the count', '# TYPE h histogram\nh_bucket{le="+Inf"} 1\nh_sum 1\nh_count 2'],
  ])('refuses %s', (_name, text) => {
    expect(() => parsePrometheusText(text)).toThrow();
  });
});
