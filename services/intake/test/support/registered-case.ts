import { randomUUID } from 'node:crypto';
import { RegisterCase } from '../../src/service-request/application/register-case';
import type { IntakeTestApp } from './intake-app';

/**
 * Registers a phone repair for a customer and asset of its own, received at `receivedAt`, through
 * the use case (HTTP cannot date a case in the past), for tests of the clocks that run from it.
 */
export async function registerRepairReceivedAt(
  h: IntakeTestApp,
  tenantId: string,
  receivedAt: Date,
  classification: { severity: 'critical' | 'major' | 'minor'; urgency: 'high' | 'normal' | 'low' } = { severity: 'major', urgency: 'normal' },
): Promise<string> {
  const unique = randomUUID().slice(0, 8);
  const { serviceRequest } = await h.app.get(RegisterCase).execute({
    tenantId,
    channel: 'phone',
    receivedAt,
    customer: { customerId: `cust-${unique}`, name: 'Acme Pumps Ltd', phone: '+86 21 5555 0101', address: '12 Harbour Road, Shanghai', zone: 'city' },
    product: { model: 'P-200', serialNumber: `SN-${unique}` },
    problemDescription: 'Pump leaks at the shaft seal',
    requestedType: 'repair',
    ...classification,
  });
  return serviceRequest.id;
}
