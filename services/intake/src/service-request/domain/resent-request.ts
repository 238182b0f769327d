/**
 * A channel that sends a request again (CRM re-sends its request with the same id, after its
 * user added a photo or rewrote the description) updates the case that request reached — for a
 * request merged as a duplicate, the surviving case (docs/domain.md, duplicates). Only what the
 * case does not hold yet is added, as information: so a plain redelivery adds nothing, and a
 * second delivery of the same update adds nothing either.
 */
import type { ServiceRequestState } from './service-request.state';
import type { Attachment, InformationNote } from './service-request.types';

export interface ResentContent {
  problemDescription: string | null;
  attachments: readonly Attachment[];
}

export interface NewInformation {
  text: string | null;
  attachments: Attachment[];
}

/**
 * What the re-sent request adds to `target`: attachments whose ids it does not hold, and the
 * description when it differs from the one the request was registered with (`addressed`) and no
 * note of the target carries it yet. Null when nothing is new.
 */
export function newInformationOf(
  resent: ResentContent,
  addressed: Pick<ServiceRequestState, 'problemDescription'>,
  target: { readonly attachments: readonly Attachment[]; readonly notes: readonly InformationNote[]; readonly problemDescription: string | null },
): NewInformation | null {
  const held = new Set(target.attachments.map((a) => a.id));
  const attachments = resent.attachments.filter((a) => !held.has(a.id)).map((a) => ({ ...a }));
  const description = resent.problemDescription?.trim() || null;
  const known = [addressed.problemDescription, target.problemDescription, ...target.notes.map((n) => n.text)].map((t) => t?.trim());
  const text = description && !known.includes(description) ? description : null;
  return text || attachments.length ? { text, attachments } : null;
}
