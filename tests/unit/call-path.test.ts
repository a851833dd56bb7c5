import { describe, expect, it } from 'vitest';
import { callApiPath, callIdFromMetadataParam, callIdFromPageParam, callIdFromRouteParam, callPath } from '../../lib/call-path';
import { callOperationUrl } from '../../lib/control-client';
import { ODD_CALL_IDS } from '../helpers/odd-call-ids';


describe('call paths', () => {
  it('puts the id in one path segment, every reserved character escaped', () => {
    expect(callPath('65c57654=f12c')).toBe('/calls/65c57654%3Df12c');
    expect(callPath('a+b c/d%e?f#g')).toBe('/calls/a%2Bb%20c%2Fd%25e%3Ff%23g');
    expect(callApiPath('a/b')).toBe('/api/calls/a%2Fb');
    expect(callApiPath('a/b', 'transcription/start')).toBe('/api/calls/a%2Fb/transcription/start');
    expect(callOperationUrl('a?b', 'hang-up')).toBe('/api/calls/a%3Fb/hang-up');
    for (const id of ODD_CALL_IDS) expect(callPath(id).split('/')).toHaveLength(3);
  });

  it('gets every id back from the page param exactly once (Next hands pages the segment encoded)', () => {
    for (const id of ODD_CALL_IDS) expect(callIdFromPageParam(encodeURIComponent(id))).toBe(id);
  });

  it('takes a route handler param as it is (Next decodes it)', () => {
    for (const id of ODD_CALL_IDS) expect(callIdFromRouteParam(id)).toBe(id);
  });

  it('gives no id for a malformed escape, an empty or an over-long param', () => {
    expect(callIdFromPageParam('x%E0%A4%A')).toBeNull();
    expect(callIdFromPageParam('%zz')).toBeNull();
    expect(callIdFromPageParam('')).toBeNull();
    expect(callIdFromPageParam(encodeURIComponent('x'.repeat(257)))).toBeNull();
    expect(callIdFromRouteParam('x'.repeat(257))).toBeNull();
    expect(callIdFromRouteParam('')).toBeNull();
  });

  it('reads the metadata param whether Next hands it decoded (16.2–16.4) or encoded like the page', () => {
    for (const id of ['65c57654=f12c', 'a+b c/d%e?f#g', 'café', '日本', '%E0%A4%A', 'plain-id']) {
      expect(callIdFromMetadataParam(id)).toBe(id);
      expect(callIdFromMetadataParam(encodeURIComponent(id))).toBe(id);
    }
  });
});
