/**
 * Near-valid JSON for fuzzing: take a valid value (an ACS packet, a CloudEvent, a request body) and break it a
 * little — delete, replace, add, wrap, stringify or rename a field anywhere in the tree — with values picked to
 * break assumptions (wrong types, numbers past 2^53 or past a double, NaN-like strings, odd unicode, deep nesting).
 * Random bytes mostly test the JSON parser; these reach the code behind it.
 */
import fc from 'fast-check';

/** A JSON literal written into the text as is: numbers no JS value serialises to (`1e400`, `18446744073709551616`), deep nesting. */
export class RawJson {
  constructor(readonly text: string) {}
}

export type Mutation =
  | { kind: 'delete'; target: number }
  | { kind: 'replace'; target: number; value: unknown }
  | { kind: 'add'; target: number; key: string; value: unknown }
  | { kind: 'wrap'; target: number }
  | { kind: 'stringify'; target: number }
  | { kind: 'rename'; target: number; key: string };

const RAW_NUMBERS = ['1e400', '-1e400', '1e-400', '-0', '0.0', '18446744073709551616', '2516998782481234400', '9007199254740993', '123456789012345678901234567890e10', '1.7976931348623157e308', '4.9e-324'];

export const rawNumber = fc.constantFrom(...RAW_NUMBERS).map((text) => new RawJson(text));

/** `[[[…]]]` or `{"a":{"a":…}}`, by default deeper than any recursive walker should go. */
export function deepNestingUpTo(maxDepth: number): fc.Arbitrary<RawJson> {
  return fc
    .tuple(fc.integer({ min: Math.min(64, maxDepth), max: maxDepth }), fc.boolean())
    .map(([depth, arrays]) => new RawJson(arrays ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth)));
}

export const deepNesting = deepNestingUpTo(20_000);

/**
 * Values that break assumptions about a field. `maxNesting` bounds the deep nesting, for transports whose client
 * side walks values recursively (socket.io's encoder overflows the stack long before 20,000 levels).
 */
export function nastyValues(options: { maxNesting?: number } = {}): fc.Arbitrary<unknown> {
  return fc.oneof(
    fc.constantFrom<unknown>(
      null, true, false, 0, -1, -0.5, 1.5, 2 ** 53 + 2, -(2 ** 53), 1e308, Number.MAX_VALUE, Number.MIN_VALUE,
      '', ' ', 'NaN', 'Infinity', '-Infinity', '-1', '1e400', 'null', 'true', '0x10', '__proto__', 'constructor', 'toString',
      'FINAL', 'Final ', 'ｆｉｎａｌ', 'ﬁnal', [], {}, [[]], { '': null }, [null], { kind: 'TranscriptionData' },
    ),
    rawNumber,
    deepNestingUpTo(options.maxNesting ?? 20_000),
    fc.constantFrom('x'.repeat(257), '€'.repeat(5_000)),
    fc.string({ unit: 'grapheme', maxLength: 40 }),
    fc.string({ unit: 'binary', maxLength: 20 }),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.jsonValue({ maxDepth: 3 }),
  );
}

export const nastyValue = nastyValues();

/** Keys to add or rename to: the schema's own (in odd cases too), prototype names and anything. */
export function keyArbitrary(schemaKeys: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom(...schemaKeys),
    fc.mixedCase(fc.constantFrom(...schemaKeys)),
    fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', ''),
    fc.string({ unit: 'grapheme', maxLength: 12 }),
  );
}

export function mutationArbitrary(schemaKeys: readonly string[], values: fc.Arbitrary<unknown> = nastyValue): fc.Arbitrary<Mutation> {
  const target = fc.nat();
  const key = keyArbitrary(schemaKeys);
  return fc.oneof(
    fc.record({ kind: fc.constant('delete' as const), target }),
    fc.record({ kind: fc.constant('replace' as const), target, value: values }),
    fc.record({ kind: fc.constant('add' as const), target, key, value: values }),
    fc.record({ kind: fc.constant('wrap' as const), target }),
    fc.record({ kind: fc.constant('stringify' as const), target }),
    fc.record({ kind: fc.constant('rename' as const), target, key }),
  );
}

/** A valid value broken by one to four mutations, as the JSON text a client would send. */
export function mutatedJson(valid: fc.Arbitrary<unknown>, schemaKeys: readonly string[]): fc.Arbitrary<string> {
  return fc.tuple(valid, fc.array(mutationArbitrary(schemaKeys), { minLength: 1, maxLength: 4 })).map(([value, mutations]) => toJsonText(applyMutations(value, mutations)));
}

/** Breaks JSON text itself: cut it short, drop or insert a character, repeat a slice. */
export function mutatedText(valid: fc.Arbitrary<string>): fc.Arbitrary<string> {
  const insert = fc.oneof(fc.constantFrom('{', '}', '[', ']', '"', ',', ':', '\\', ' ', '\u0000', '\ud800', 'e', '-', '0'), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 3 }));
  return fc.tuple(valid, fc.nat(), fc.nat(), fc.integer({ min: 0, max: 3 }), insert).map(([text, at, length, how, inserted]) => {
    const index = text.length === 0 ? 0 : at % (text.length + 1);
    switch (how) {
      case 0:
        return text.slice(0, index);
      case 1:
        return text.slice(0, index) + text.slice(index + 1);
      case 2:
        return text.slice(0, index) + inserted + text.slice(index);
      default:
        return text.slice(0, index) + text.slice(index, index + (length % 40)) + text.slice(index);
    }
  });
}

export function applyMutations(value: unknown, mutations: readonly Mutation[]): unknown {
  let root = clone(value);
  for (const mutation of mutations) root = applyMutation(root, mutation);
  return root;
}

/** JSON text with RawJson literals spliced in. Own `__proto__` keys are written like any other key. */
export function toJsonText(value: unknown): string {
  const raws: string[] = [];
  const text = JSON.stringify(value, (_key, item: unknown) => {
    if (!(item instanceof RawJson)) return item;
    raws.push(item.text);
    return `\uE000raw${raws.length - 1}\uE000`;
  });
  if (text === undefined) return 'null';
  return text.replace(/"\uE000raw(\d+)\uE000"/g, (_match, index: string) => raws[Number(index)] ?? 'null');
}

type Path = (string | number)[];

function applyMutation(root: unknown, mutation: Mutation): unknown {
  const paths = allPaths(root);
  const path = paths[mutation.target % paths.length] ?? [];
  const current = get(root, path);
  switch (mutation.kind) {
    case 'delete':
      return path.length === 0 ? root : remove(root, path);
    case 'replace':
      return set(root, path, clone(mutation.value));
    case 'add':
      if (Array.isArray(current)) current.push(clone(mutation.value));
      else if (isPlainObject(current)) define(current, mutation.key, clone(mutation.value));
      return root;
    case 'wrap':
      return set(root, path, [current]);
    case 'stringify':
      return set(root, path, current instanceof RawJson ? current.text : toJsonText(current));
    case 'rename': {
      const parent = get(root, path.slice(0, -1));
      const last = path[path.length - 1];
      if (typeof last !== 'string' || !isPlainObject(parent)) return root;
      delete parent[last];
      define(parent, mutation.key, current);
      return root;
    }
    default: {
      const unreachable: never = mutation;
      throw new Error(`unknown mutation ${JSON.stringify(unreachable)}`);
    }
  }
}

function allPaths(value: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  out.push(prefix);
  if (Array.isArray(value)) value.forEach((item, index) => allPaths(item, [...prefix, index], out));
  else if (isPlainObject(value)) for (const key of Object.keys(value)) allPaths(value[key], [...prefix, key], out);
  return out;
}

function get(root: unknown, path: Path): unknown {
  let node = root;
  for (const step of path) {
    if (Array.isArray(node) && typeof step === 'number') node = node[step];
    else if (isPlainObject(node) && typeof step === 'string') node = node[step];
    else return undefined;
  }
  return node;
}

function set(root: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  const parent = get(root, path.slice(0, -1));
  const last = path[path.length - 1];
  if (Array.isArray(parent) && typeof last === 'number') parent[last] = value;
  else if (isPlainObject(parent) && typeof last === 'string') define(parent, last, value);
  return root;
}

function remove(root: unknown, path: Path): unknown {
  const parent = get(root, path.slice(0, -1));
  const last = path[path.length - 1];
  if (Array.isArray(parent) && typeof last === 'number') parent.splice(last, 1);
  else if (isPlainObject(parent) && typeof last === 'string') delete parent[last];
  return root;
}

/** Defines an own property, so `__proto__` is a key like any other (JSON.parse makes it one too). */
function define(target: Record<string, unknown>, key: string, value: unknown) {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function clone(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(clone);
  if (isPlainObject(value)) {
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(value)) define(copy, key, clone(value[key]));
    return copy;
  }
  return value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof RawJson);
}
