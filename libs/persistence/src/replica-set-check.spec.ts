import { replicaSetWarning } from './replica-set-check';

describe('replica set check at start-up', () => {
  it('is quiet for a replica set member and for a mongos router', () => {
    expect(replicaSetWarning({ setName: 'rs0' }, 'db-0:27017')).toBeUndefined();
    expect(replicaSetWarning({ msg: 'isdbgrid' }, 'mongos:27017')).toBeUndefined();
  });

  it('warns for a standalone server, naming the store and what production needs', () => {
    const warning = replicaSetWarning({}, '127.0.0.1:27017');
    expect(warning).toContain('MongoDB at 127.0.0.1:27017 is not a replica set member');
    expect(warning).toContain('replicaSet=<name>&w=majority');
  });

  it('warns when the store did not answer hello at all', () => {
    expect(replicaSetWarning(undefined, 'store:27017')).toContain('is not a replica set member');
  });
});
