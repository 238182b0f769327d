import type { EventEnvelope } from '@aftercare/contracts';
import { PermanentMessageError } from './failure';

export const TENANT_MISMATCH = 'TENANT_MISMATCH';

/**
 * A message whose data names a tenant other than its `ce_tenantid` is refused before any handler
 * (dead-lettered at once): the header decides whose data a handler reads and writes, so a body of
 * another tenant would be applied to the wrong one. Checked here once for every group, not in each
 * handler. Data without a `tenantId` (the CRM's and ERP's own messages) is not concerned.
 */
export function assertSameTenant(envelope: Pick<EventEnvelope, 'tenantId' | 'data'>): void {
  const { data } = envelope;
  if (typeof data !== 'object' || data === null || !('tenantId' in data)) return;
  const named = (data as { tenantId: unknown }).tenantId;
  if (named === undefined || named === null || named === envelope.tenantId) return;
  throw new PermanentMessageError(TENANT_MISMATCH, `ce_tenantid ${envelope.tenantId} differs from data.tenantId ${String(named)}`);
}
