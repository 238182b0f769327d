import { SERVICE_REQUEST_CLOCK_ESCALATED_V1, TOPICS, contractsRegistry } from '@aftercare/contracts';
import { hours, registered } from '../../service-request/domain/testing/service-request.builders';
import { clockEscalatedMessage } from './clock-escalated';

describe('clockEscalatedMessage: the level a clock step reached, told in the case write', () => {
  it('names the clock, the step and the level reached, on the case topic keyed by the case', () => {
    const c = registered();
    const message = clockEscalatedMessage(c, { clock: 'reply', step: 2, level: 'service_manager', at: hours(28) });
    expect(message).toEqual({
      topic: TOPICS.intakeServiceRequestEvents.name,
      type: SERVICE_REQUEST_CLOCK_ESCALATED_V1,
      caseId: c.id,
      data: {
        caseId: c.id,
        tenantId: c.tenantId,
        clock: 'reply',
        step: 2,
        level: 'service_manager',
        escalatedAt: hours(28).toISOString(),
        status: 'registered',
        priority: c.priority,
      },
    });
    expect(() => contractsRegistry().assertValid(message.type, message.data)).not.toThrow();
  });

  it("names a tenant's own level as the chain does", () => {
    const message = clockEscalatedMessage(registered(), { clock: 'reply', step: 4, level: 'regional_director', at: hours(60) });
    expect(message.data).toMatchObject({ step: 4, level: 'regional_director' });
  });
});
