import * as fs from 'node:fs';
import * as path from 'node:path';
import { CRM_SERVICE_REQUEST_RAISED_V1, EXAMPLES_DIR, type CrmServiceRequestRaisedV1 } from '@aftercare/contracts';
import { toRegisterCaseInput } from './crm-service-request.handler';

const example: CrmServiceRequestRaisedV1 = JSON.parse(
  fs.readFileSync(path.join(EXAMPLES_DIR, `${CRM_SERVICE_REQUEST_RAISED_V1}.json`), 'utf8'),
);

describe('toRegisterCaseInput (CRM service request → registration)', () => {
  const now = new Date('2025-03-10T09:00:00.000Z');

  it('maps the CRM example: tenant from the envelope, externalRef = CRM request id, channel from the message', () => {
    const input = toRegisterCaseInput('acme-service', example, now);
    expect(input).toEqual({
      tenantId: 'acme-service',
      channel: 'crm',
      externalRef: 'CRM-REQ-2025-031077',
      receivedAt: new Date('2025-03-10T08:00:00.000Z'),
      customer: example.customer,
      product: example.product,
      problemDescription: example.problemDescription,
      attachments: example.attachments,
      requestedType: 'repair',
      preferredTime: { from: new Date('2025-03-11T01:00:00.000Z'), to: new Date('2025-03-11T09:00:00.000Z') },
      severity: 'major',
      urgency: 'high',
      qualityProblem: false,
    });
  });

  it('keeps an open-ended or missing preferred time', () => {
    expect(toRegisterCaseInput('t', { ...example, preferredTime: null }, now).preferredTime).toBeNull();
    expect(toRegisterCaseInput('t', { ...example, preferredTime: { from: '2025-03-11T01:00:00Z', to: null } }, now).preferredTime).toEqual({
      from: new Date('2025-03-11T01:00:00Z'),
      to: null,
    });
  });

  it('never receives a case in the future when the CRM clock runs ahead', () => {
    const input = toRegisterCaseInput('t', { ...example, channel: 'cti', raisedAt: '2025-03-10T09:05:00.000Z' }, now);
    expect(input.receivedAt).toEqual(now);
    expect(input.channel).toBe('cti');
  });
});
