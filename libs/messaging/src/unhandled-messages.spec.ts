import {
  CRM_CUSTOMER_UPSERTED_V1,
  CRM_SERVICE_REQUEST_RAISED_V1,
  SERVICE_REQUEST_ROUTED_V1,
  TOPICS,
  WORK_ORDER_ASSIGNED_V1,
  contractsRegistry,
} from '@aftercare/contracts';
import { LoggedOnce, judgeUnhandled } from './unhandled-messages';

/** A version no schema exists for: what a newer producer sends before its consumers are upgraded. */
const newerVersionOf = (type: string) => type.replace(/\.v\d+$/, '.v99');

const schemas = contractsRegistry();
const judge = (topic: string, type: string, service: string) =>
  judgeUnhandled({ topic, type, service, group: `${service}.main` }, schemas);

describe('judgeUnhandled: a well-formed message no handler of the group takes', () => {
  describe('on an inbound integration topic', () => {
    it('dead-letters a type the contracts do not declare (a newer CRM version)', () => {
      const verdict = judge(TOPICS.crmServiceRequests.name, newerVersionOf(CRM_SERVICE_REQUEST_RAISED_V1), 'intake');
      expect(verdict).toEqual({ action: 'dead-letter', reason: expect.stringMatching(/inbound integration topic: the contracts do not declare this type/) });
    });

    it('dead-letters a declared type the group does not handle: the sender expects us to act on it', () => {
      const verdict = judge(TOPICS.crmServiceRequests.name, CRM_SERVICE_REQUEST_RAISED_V1, 'intake');
      expect(verdict).toEqual({ action: 'dead-letter', reason: expect.stringMatching(/in the contracts but not handled/) });
    });

    it("dead-letters another topic's type sent there by mistake", () => {
      expect(judge(TOPICS.crmServiceRequests.name, CRM_CUSTOMER_UPSERTED_V1, 'intake')).toMatchObject({ action: 'dead-letter' });
    });
  });

  describe('on a topic the service owns', () => {
    it('dead-letters a type the contracts do not declare there', () => {
      expect(judge(TOPICS.intakeServiceRequestEvents.name, newerVersionOf(SERVICE_REQUEST_ROUTED_V1), 'intake')).toEqual({
        action: 'dead-letter',
        reason: expect.stringMatching(/a topic intake owns, and the contracts do not declare this type there/),
      });
      expect(judge(TOPICS.intakeServiceRequestEvents.name, WORK_ORDER_ASSIGNED_V1, 'intake')).toMatchObject({ action: 'dead-letter' });
    });

    it('skips a declared type this group does not need (another handler or group of the service has it)', () => {
      expect(judge(TOPICS.intakeServiceRequestEvents.name, SERVICE_REQUEST_ROUTED_V1, 'intake')).toEqual({ action: 'skip' });
    });
  });

  describe("on another service's public topic", () => {
    it('counts a type unknown to this build: a newer producer may add types before its consumers need them', () => {
      expect(judge(TOPICS.dispatchWorkOrderEvents.name, newerVersionOf(WORK_ORDER_ASSIGNED_V1), 'intake')).toEqual({
        action: 'count',
        reason: expect.stringMatching(/another service's public topic/),
      });
      expect(judge(TOPICS.intakeServiceRequestEvents.name, newerVersionOf(SERVICE_REQUEST_ROUTED_V1), 'dispatch')).toMatchObject({ action: 'count' });
    });

    it('skips a declared type the consumer does not need', () => {
      expect(judge(TOPICS.intakeServiceRequestEvents.name, SERVICE_REQUEST_ROUTED_V1, 'claims')).toEqual({ action: 'skip' });
    });
  });

  it('counts any unhandled type on a topic outside the catalog, which declares nothing', () => {
    expect(judge('testing.public.commands.v1', SERVICE_REQUEST_ROUTED_V1, 'testing')).toMatchObject({ action: 'count' });
  });

  it('treats every type as undeclared when the group has no schema registry', () => {
    const verdict = judgeUnhandled({ topic: TOPICS.intakeServiceRequestEvents.name, type: SERVICE_REQUEST_ROUTED_V1, service: 'intake', group: 'intake.main' }, undefined);
    expect(verdict).toMatchObject({ action: 'dead-letter' });
  });

  it('names the group, the type and the topic in the reason', () => {
    const type = newerVersionOf(CRM_SERVICE_REQUEST_RAISED_V1);
    const verdict = judgeUnhandled({ topic: TOPICS.crmServiceRequests.name, type, service: 'intake', group: 'intake.timeline' }, schemas);
    expect(verdict).toMatchObject({ reason: expect.stringContaining(`no handler of intake.timeline takes ${type} on ${TOPICS.crmServiceRequests.name}`) });
  });
});

describe('LoggedOnce', () => {
  it('answers true once per topic and type', () => {
    const once = new LoggedOnce();
    expect(once.first('a.topic', 'x.v2')).toBe(true);
    expect(once.first('a.topic', 'x.v2')).toBe(false);
    expect(once.first('a.topic', 'y.v2')).toBe(true);
    expect(once.first('b.topic', 'x.v2')).toBe(true);
  });
});
