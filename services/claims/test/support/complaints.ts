import type { Role } from '@aftercare/auth';
import type { ClaimsTestApp } from './claims-app';

const AGENT: { roles: Role[]; subject: string } = { roles: ['agent'], subject: 'agent-li' };
const SERVICE_MANAGER: { roles: Role[]; subject: string } = { roles: ['service_manager'], subject: 'sm-zhou' };

async function call(h: ClaimsTestApp, url: string, who: { roles: Role[]; subject: string }, body: unknown): Promise<Record<string, unknown>> {
  const response = await h.request('POST', url, { ...who, body });
  if (response.status >= 300) throw new Error(`POST ${url} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as Record<string, unknown>;
}

/** An ordinary phone complaint about a technician, through the API as an agent. */
export async function openComplaint(h: ClaimsTestApp, technicianId: string): Promise<{ id: string; receivedAt: string }> {
  const body = await call(h, '/service-complaints', AGENT, {
    caseId: `sr-${Date.now()}-${Math.random().toString(16).slice(2)}`,
    channel: 'phone',
    level: 'ordinary',
    complainantName: 'Li Wei',
    content: 'The technician arrived late',
    technicianId,
  });
  return { id: body.id as string, receivedAt: body.receivedAt as string };
}

/** Responds to the complaint and confirms it on check (a service manager). */
export async function confirmComplaint(h: ClaimsTestApp, id: string): Promise<void> {
  await call(h, `/service-complaints/${id}/response`, AGENT, { note: 'Called back' });
  await call(h, `/service-complaints/${id}/check`, SERVICE_MANAGER, { confirmed: true, findings: 'GPS log confirms it' });
}
