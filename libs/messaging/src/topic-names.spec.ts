import { TopicNames } from './topic-names';

describe('TopicNames', () => {
  it('names a group\'s retry, dead-letter and replay-log topics under the deployment prefix', () => {
    const names = new TopicNames('t.run-1.', 'intake', 'timeline');
    expect([names.groupId, names.retryTopic, names.deadLetterTopic, names.replayLogTopic]).toEqual([
      't.run-1.intake.timeline',
      't.run-1.intake.timeline.retry',
      't.run-1.intake.timeline.dlt',
      't.run-1.intake.timeline.dlt-replays',
    ]);
  });

  it("reads every group's retries in one group of the service, and names the per-group group it replaced (ADR 0048)", () => {
    const timeline = new TopicNames('t.run-1.', 'intake', 'timeline');
    const main = timeline.forGroup('main');
    expect([timeline.retryGroupId, main.retryGroupId]).toEqual(['t.run-1.intake.retrying', 't.run-1.intake.retrying']);
    expect([timeline.formerRetryGroupId, main.formerRetryGroupId]).toEqual(['t.run-1.intake.timeline.retrying', 't.run-1.intake.main.retrying']);
  });

  it("finds the deployment's groups from its dead-letter topics, and no other deployment's", () => {
    const topics = [
      'intake.main.dlt',
      'intake.timeline.dlt',
      'dispatch.main.dlt',
      'intake.main.retry',
      'intake.main.dlt-replays',
      'crm.public.customers.v1',
      't.other-run.intake.main.dlt',
    ];
    expect(TopicNames.ofDeadLetterTopics('', topics).map((n) => n.group)).toEqual(['dispatch.main', 'intake.main', 'intake.timeline']);
    expect(TopicNames.ofDeadLetterTopics('t.other-run.', topics).map((n) => n.deadLetterTopic)).toEqual(['t.other-run.intake.main.dlt']);
  });
});
