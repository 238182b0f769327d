/**
 * OpenAPI links (3.0 §4.7.20) from where a client learns a resource's id to the operations that
 * take it — so a client generator can follow them and the fuzzer's stateful phase reaches real
 * objects instead of guessing ids that answer 404.
 *
 * Derived from the paths, the same for every service, so no route can forget them:
 * - a creation (`POST <collection>` answering 201) links to every operation under
 *   `<collection>/{param}` with the new resource's `id` and, where the target takes `If-Match`,
 *   the `ETag` it answered with (the version just created);
 * - a list (`GET <collection>` answering a page of `items`) links to the same operations with the
 *   first item's `id`. That is how the resources nobody creates over HTTP are reached: a work
 *   order is opened by dispatch when a routed case arrives from Kafka, and its list names it.
 */

type Json = Record<string, unknown>;

const OPERATION_METHODS = ['get', 'put', 'post', 'patch', 'delete'] as const;

/** `a/b{c}` → `a~1b{c}` (RFC 6901), for an operationRef into this document. */
const pointerSegment = (path: string): string => path.replace(/~/g, '~0').replace(/\//g, '~1');

interface Target {
  path: string;
  method: string;
  /** The name of the path parameter right after the collection. */
  idParameter: string;
  /** What follows `{param}`: `/cancel`, or nothing for the resource itself. */
  rest: string;
  takesIfMatch: boolean;
}

/** The operations under `<collection>/{param}`, which take the id of one of its resources. */
function targetsUnder(collection: string, paths: Record<string, Json>): Target[] {
  const prefix = `${collection}/{`;
  const targets: Target[] = [];
  for (const [path, item] of Object.entries(paths)) {
    if (!path.startsWith(prefix)) continue;
    const idParameter = path.slice(prefix.length).split('}')[0];
    const rest = path.slice(prefix.length + (idParameter?.length ?? 0) + 1);
    if (!idParameter || rest.includes('{')) continue; // one id only
    for (const method of OPERATION_METHODS) {
      const operation = item[method] as Json | undefined;
      if (!operation) continue;
      const parameters = (operation.parameters ?? []) as Json[];
      const takesIfMatch = parameters.some((p) => p.in === 'header' && String(p.name).toLowerCase() === 'if-match');
      targets.push({ path, method, idParameter, rest, takesIfMatch });
    }
  }
  return targets;
}

/** A readable name, unique per source: `postCancel` for `POST …/{id}/cancel`, `getOne` for the resource itself. */
function linkName(target: Target): string {
  const words = target.rest.split(/[/-]/).filter(Boolean);
  return target.method + (words.length ? words : ['one']).map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join('');
}

function linksTo(targets: Target[], idExpression: string, withEtag: boolean): Json {
  return Object.fromEntries(
    targets.map((target) => [
      linkName(target),
      {
        operationRef: `#/paths/${pointerSegment(target.path)}/${target.method}`,
        parameters: {
          [`path.${target.idParameter}`]: idExpression,
          ...(withEtag && target.takesIfMatch ? { 'header.If-Match': '$response.header.ETag' } : {}),
        },
      },
    ]),
  );
}

const isPage = (response: Json | undefined, schemas: Record<string, Json>): boolean => {
  const schema = (response?.content as Json | undefined)?.['application/json'] as Json | undefined;
  const ref = (schema?.schema as Json | undefined)?.$ref;
  const resolved = typeof ref === 'string' ? schemas[ref.split('/').pop() ?? ''] : (schema?.schema as Json | undefined);
  const items = (resolved?.properties as Json | undefined)?.items as Json | undefined;
  const first = items?.items as Json | undefined;
  const itemRef = first?.$ref;
  const item = typeof itemRef === 'string' ? schemas[itemRef.split('/').pop() ?? ''] : first;
  return Boolean((item?.properties as Json | undefined)?.id);
};

/** Adds the links to the creations and lists of `document` (in place). */
export function addResourceLinks(document: { paths: Record<string, unknown>; components?: { schemas?: Record<string, unknown> } }): void {
  const paths = document.paths as Record<string, Json>;
  const schemas = (document.components?.schemas ?? {}) as Record<string, Json>;
  for (const [collection, item] of Object.entries(paths)) {
    const targets = targetsUnder(collection, paths);
    if (targets.length === 0) continue;
    const created = ((item.post as Json | undefined)?.responses as Record<string, Json> | undefined)?.['201'];
    if (created) created.links = { ...(created.links as Json | undefined), ...linksTo(targets, '$response.body#/id', true) };
    const listed = ((item.get as Json | undefined)?.responses as Record<string, Json> | undefined)?.['200'];
    if (listed && isPage(listed, schemas)) listed.links = { ...(listed.links as Json | undefined), ...linksTo(targets, '$response.body#/items/0/id', false) };
  }
}
