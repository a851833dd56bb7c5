/**
 * A strict reader of the Prometheus text exposition format (version 0.0.4), for tests: prom-client writes it but
 * cannot read it. Throws on any line that is not a HELP, a TYPE, a comment or a well-formed sample, on a sample
 * whose family was not declared by a TYPE line before it, on a family declared twice or split in two groups, and on
 * a histogram whose buckets are not cumulative or whose +Inf bucket is not its count.
 */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Exposition {
  samples: Sample[];
  /** Family name → type (counter, gauge, histogram, summary, untyped). */
  types: Map<string, string>;
  /** The samples named exactly `name` whose labels include `labels`. */
  find(name: string, labels?: Record<string, string>): Sample[];
  /** The one such sample's value; throws when there is none or several. */
  value(name: string, labels?: Record<string, string>): number;
}

const METRIC_NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const LABEL = /\s*([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\["\\n])*)"\s*(,|$)/y;
const SAMPLE = new RegExp(`^(${METRIC_NAME})(?:\\{(.*)\\})?[ \\t]+(\\S+)(?:[ \\t]+(-?\\d+))?$`);
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);
const SUFFIXES: Record<string, string[]> = { histogram: ['_bucket', '_sum', '_count'], summary: ['_sum', '_count'], counter: [], gauge: [], untyped: [] };

export function parsePrometheusText(text: string): Exposition {
  const types = new Map<string, string>();
  const samples: Sample[] = [];
  const finished = new Set<string>();
  let current: string | null = null;
  const lines = text.split('\n');
  lines.forEach((line, index) => {
    const where = `line ${index + 1}: ${JSON.stringify(line.slice(0, 120))}`;
    if (line.trim() === '') return;
    if (line.startsWith('#')) {
      const meta = new RegExp(`^# (HELP|TYPE) (${METRIC_NAME})(?: (.*))?$`).exec(line);
      if (!meta) {
        if (/^#\s*(HELP|TYPE)\b/.test(line)) throw new Error(`malformed ${where}`);
        return;
      }
      const [, keyword, name = '', rest = ''] = meta;
      if (keyword === 'TYPE') {
        if (!TYPES.has(rest)) throw new Error(`unknown type in ${where}`);
        if (types.has(name)) throw new Error(`family declared twice in ${where}`);
        types.set(name, rest);
      } else if (/\\[^\\n]/.test(rest.replace(/\\\\/g, ''))) {
        throw new Error(`bad escape in HELP, ${where}`);
      }
      return;
    }
    const match = SAMPLE.exec(line);
    if (!match) throw new Error(`malformed sample, ${where}`);
    const [, name = '', labelText, valueText = ''] = match;
    const family = familyOf(name, types);
    if (family === undefined) throw new Error(`sample without a TYPE before it, ${where}`);
    if (family !== current) {
      if (finished.has(family)) throw new Error(`family ${family} split in two groups, ${where}`);
      if (current !== null) finished.add(current);
      current = family;
    }
    samples.push({ name, labels: parseLabels(labelText ?? '', where), value: parseValue(valueText, where) });
  });
  checkHistograms(samples, types);
  const find = (name: string, labels: Record<string, string> = {}) =>
    samples.filter((sample) => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value));
  return {
    samples,
    types,
    find,
    value(name, labels) {
      const found = find(name, labels);
      if (found.length !== 1) throw new Error(`${found.length} samples of ${name} ${JSON.stringify(labels ?? {})}`);
      return (found[0] as Sample).value;
    },
  };
}

function familyOf(name: string, types: Map<string, string>): string | undefined {
  if (types.has(name)) return name;
  for (const [family, type] of types) {
    if ((SUFFIXES[type] ?? []).some((suffix) => name === `${family}${suffix}`)) return family;
  }
  return undefined;
}

function parseLabels(text: string, where: string): Record<string, string> {
  const labels: Record<string, string> = {};
  LABEL.lastIndex = 0;
  while (LABEL.lastIndex < text.length) {
    const start = LABEL.lastIndex;
    const match = LABEL.exec(text);
    if (!match || match.index !== start) throw new Error(`malformed labels, ${where}`);
    const [, key = '', raw = ''] = match;
    if (key in labels) throw new Error(`label ${key} twice, ${where}`);
    labels[key] = raw.replace(/\\(["\\n])/g, (_all, escaped: string) => (escaped === 'n' ? '\n' : escaped));
    if (text.slice(LABEL.lastIndex).trim() === '') break;
  }
  return labels;
}

/** As Prometheus reads values (Go's ParseFloat): NaN and Inf in any case (prom-client writes `Nan`). */
function parseValue(text: string, where: string): number {
  if (/^[+]?inf(inity)?$/i.test(text)) return Infinity;
  if (/^-inf(inity)?$/i.test(text)) return -Infinity;
  if (/^nan$/i.test(text)) return NaN;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) throw new Error(`bad value, ${where}`);
  return Number(text);
}

function checkHistograms(samples: Sample[], types: Map<string, string>) {
  for (const [family, type] of types) {
    if (type !== 'histogram') continue;
    const series = new Map<string, Sample[]>();
    for (const sample of samples.filter((each) => each.name === `${family}_bucket`)) {
      if (sample.labels.le === undefined) throw new Error(`${family}_bucket without le`);
      const { le: _le, ...rest } = sample.labels;
      const key = JSON.stringify(Object.entries(rest).sort());
      series.set(key, [...(series.get(key) ?? []), sample]);
    }
    for (const [key, buckets] of series) {
      const bounds = buckets.map((bucket) => parseValue(bucket.labels.le ?? '', `${family} le`));
      if (bounds.some((bound, index) => index > 0 && bound <= (bounds[index - 1] as number))) throw new Error(`${family} buckets out of order`);
      if (buckets.some((bucket, index) => index > 0 && bucket.value < (buckets[index - 1] as Sample).value)) throw new Error(`${family} buckets not cumulative`);
      const last = buckets[buckets.length - 1];
      if (last?.labels.le !== '+Inf') throw new Error(`${family} has no +Inf bucket`);
      const count = samples.find((sample) => sample.name === `${family}_count` && JSON.stringify(Object.entries(sample.labels).sort()) === key);
      if (count?.value !== last.value) throw new Error(`${family}: +Inf bucket ${last.value} is not _count ${String(count?.value)}`);
    }
  }
}
