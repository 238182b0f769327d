/**
 * Backward compatibility of a message schema version: what a consumer written against the
 * released schema relies on must still hold. Additive changes (a new optional property, a new
 * enum value on a producer-owned field, a looser constraint) keep the version; anything else
 * needs a new version alongside the old.
 */
type Schema = Record<string, unknown>;

export function breakingChanges(released: Schema, current: Schema, at = ''): string[] {
  const problems: string[] = [];
  const where = at || '/';
  const typesOf = (s: Schema): string[] | undefined => (s.type === undefined ? undefined : ([] as string[]).concat(s.type as string));
  const oldTypes = typesOf(released);
  const newTypes = typesOf(current);
  if (oldTypes && newTypes) {
    for (const t of newTypes) if (!oldTypes.includes(t) && !(t === 'integer' && oldTypes.includes('number'))) problems.push(`${where}: type ${t} is new`);
    for (const t of oldTypes) if (!newTypes.includes(t)) problems.push(`${where}: type ${t} was removed`);
  }
  if (Array.isArray(released.enum) && Array.isArray(current.enum)) {
    for (const value of released.enum) if (!current.enum.includes(value)) problems.push(`${where}: enum value ${JSON.stringify(value)} was removed`);
    // Consumers validate what they read: a value they do not know would be refused.
    for (const value of current.enum) if (!released.enum.includes(value)) problems.push(`${where}: enum value ${JSON.stringify(value)} is new`);
  }
  if ('const' in released && JSON.stringify(released.const) !== JSON.stringify(current.const)) problems.push(`${where}: const changed`);
  const oldRequired = (released.required as string[] | undefined) ?? [];
  const newRequired = (current.required as string[] | undefined) ?? [];
  for (const name of newRequired) if (!oldRequired.includes(name)) problems.push(`${at}/${name}: became required`);
  for (const name of oldRequired) if (!newRequired.includes(name)) problems.push(`${at}/${name}: is no longer required (consumers rely on it)`);
  const oldProps = (released.properties as Record<string, Schema> | undefined) ?? {};
  const newProps = (current.properties as Record<string, Schema> | undefined) ?? {};
  for (const [name, schema] of Object.entries(oldProps)) {
    if (!(name in newProps)) problems.push(`${at}/${name}: was removed`);
    else problems.push(...breakingChanges(schema, newProps[name], `${at}/${name}`));
  }
  if (released.items && current.items && !Array.isArray(released.items)) {
    problems.push(...breakingChanges(released.items as Schema, current.items as Schema, `${at}/items`));
  }
  for (const bound of ['maxLength', 'maximum', 'maxItems'] as const) {
    if (typeof released[bound] === 'number' && typeof current[bound] === 'number' && (current[bound] as number) < (released[bound] as number)) {
      problems.push(`${where}: ${bound} was lowered`);
    }
  }
  for (const bound of ['minLength', 'minimum', 'minItems'] as const) {
    if (typeof current[bound] === 'number' && (typeof released[bound] !== 'number' || (current[bound] as number) > (released[bound] as number))) {
      problems.push(`${where}: ${bound} was raised`);
    }
  }
  return problems;
}
