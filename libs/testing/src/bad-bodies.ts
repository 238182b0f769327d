/**
 * Wrong request bodies for every operation of an OpenAPI document that takes one: the body's own
 * example with, at every field down to `depth`, a value of each wrong kind (null, an array, a
 * string, an object, a fraction) or the field left out; plus `{}`, an unknown field and a body that
 * is not an object. A component test sends them all and asserts that none answers 5xx — the way a
 * fuzzer would find a nested DTO that is not required (`@ValidateNested` without a required object
 * turned `POST /work-orders/{id}/complete` with `{}` into a 500).
 */

type Json = Record<string, unknown>;

export interface BadBody {
  /** `METHOD /path/{param}` as in the document. */
  key: string;
  method: string;
  path: string;
  /** What is wrong, for the failure message. */
  what: string;
  body: unknown;
}

const WRONG_VALUES: ReadonlyArray<[string, unknown]> = [
  ['null', null],
  ['an array', []],
  ['a string', 'x'],
  ['an object', {}],
  ['a fraction', 1.5],
];

const METHODS = ['post', 'put', 'patch'] as const;

export function badBodies(document: Json, depth = 2): BadBody[] {
  const bodies: BadBody[] = [];
  for (const [path, item] of Object.entries(document.paths as Record<string, Json>)) {
    for (const method of METHODS) {
      const operation = item[method] as Json | undefined;
      const media = ((operation?.requestBody as Json | undefined)?.content as Record<string, Json> | undefined)?.['application/json'];
      if (!media) continue;
      const key = `${method.toUpperCase()} ${path}`;
      const add = (what: string, body: unknown) => bodies.push({ key, method, path, what, body });
      const example = media.example as unknown;
      add('an empty object', {});
      add('a list instead of an object', [example]);
      add('an unknown field', { ...(isObject(example) ? example : {}), unknownField: 1 });
      for (const [where, change] of fieldChanges(example, depth)) {
        add(`${where} left out`, change(undefined));
        for (const [kind, value] of WRONG_VALUES) add(`${where} as ${kind}`, change(value));
      }
    }
  }
  return bodies;
}

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** For every field path of `value` (down to `depth`), a function giving a copy with that field replaced (undefined: removed). */
function fieldChanges(value: unknown, depth: number, where = ''): Array<[string, (replacement: unknown) => unknown]> {
  if (!isObject(value) || depth === 0) return [];
  return Object.keys(value).flatMap((name) => {
    const path = where ? `${where}.${name}` : name;
    const here: [string, (replacement: unknown) => unknown] = [path, (replacement) => withField(value, name, replacement)];
    const child = value[name];
    const inner = Array.isArray(child) && isObject(child[0]) ? child[0] : child;
    const below = fieldChanges(inner, depth - 1, Array.isArray(child) ? `${path}[0]` : path).map(
      ([p, change]): [string, (replacement: unknown) => unknown] => [
        p,
        (replacement) => withField(value, name, Array.isArray(child) ? [change(replacement), ...child.slice(1)] : change(replacement)),
      ],
    );
    return [here, ...below];
  });
}

function withField(value: Json, name: string, replacement: unknown): Json {
  const copy = { ...value };
  if (replacement === undefined) delete copy[name];
  else copy[name] = replacement;
  return copy;
}
