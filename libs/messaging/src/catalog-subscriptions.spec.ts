import { CATALOG, TOPICS, kafkaAccessOf } from '@aftercare/contracts';
import { compareWithCatalog } from './catalog-subscriptions';

const declaredOf = (service: 'intake' | 'dispatch') => kafkaAccessOf(service).groups.map((g) => ({ group: g.group, topics: g.reads.filter((t) => !t.endsWith('.retry')) }));

describe('compareWithCatalog', () => {
  it('finds nothing when a service consumes exactly the catalog groups and topics', () => {
    expect(compareWithCatalog('intake', declaredOf('intake'))).toEqual({ undeclared: [], unused: [] });
  });

  it('names a topic a group reads that the catalog does not list for it', () => {
    const notForDispatch = CATALOG.find((entry) => !entry.consumers.includes('dispatch'))!.topic.name;
    const subscriptions = declaredOf('dispatch').map((s) => (s.group === 'dispatch.main' ? { ...s, topics: [...s.topics, notForDispatch] } : s));
    expect(compareWithCatalog('dispatch', subscriptions).undeclared).toEqual([`dispatch.main reads ${notForDispatch}, which the catalog does not list for that group`]);
  });

  it('names a consumer group the catalog does not declare', () => {
    const subscriptions = [...declaredOf('intake'), { group: 'intake.audit', topics: [TOPICS.intakeServiceRequestEvents.name] }];
    expect(compareWithCatalog('intake', subscriptions).undeclared).toEqual([
      `consumer group intake.audit (reading ${TOPICS.intakeServiceRequestEvents.name}) is not declared in the catalog`,
    ]);
  });

  it('lists declared groups the process does not consume in', () => {
    const subscriptions = declaredOf('intake').filter((s) => s.group !== 'intake.timeline');
    expect(compareWithCatalog('intake', subscriptions)).toEqual({ undeclared: [], unused: ['intake.timeline'] });
  });

  it('has nothing to say about a service outside the catalog', () => {
    expect(compareWithCatalog('testing', [{ group: 'testing.main', topics: ['anything'] }])).toEqual({ undeclared: [], unused: [] });
  });
});
