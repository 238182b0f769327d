/** What the store answers to `hello` that tells a replica set member from a standalone server. */
export interface HelloReply {
  setName?: string;
  msg?: string;
}

/**
 * The start-up warning for a store that is not a replica set member, or undefined for one that
 * is. Production runs on a replica set: a standalone server has no failover, and a majority write
 * concern (what makes a saved case and its outbox survive a primary's loss) means nothing there.
 * Development and tests run on the embedded store, which is standalone: a warning, not a refusal.
 */
export function replicaSetWarning(hello: HelloReply | undefined, where: string): string | undefined {
  // A mongos router fronts replica-set shards: it answers without a set name.
  if (hello?.setName || hello?.msg === 'isdbgrid') return undefined;
  return (
    `MongoDB at ${where} is not a replica set member: no failover and no majority write concern. ` +
    'Production runs on a replica set: MONGO_URL=mongodb://host1,host2,host3/?replicaSet=<name>&w=majority&retryWrites=true (deploy/README.md, "The document store").'
  );
}
