import { StateMachine } from '@aftercare/ddd';

export const INVITATION_STATUSES = ['scheduled', 'sent', 'reminded', 'responded', 'expired'] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];
export type InvitationAction = 'send' | 'remind' | 'respond' | 'expire';

/** `scheduled → sent → reminded → responded | expired` (design); answering needs no reminder. */
export const invitationStateMachine = new StateMachine<InvitationStatus, InvitationAction>('survey invitation', {
  send: { from: ['scheduled'], to: 'sent' },
  remind: { from: ['sent'], to: 'reminded' },
  respond: { from: ['sent', 'reminded'], to: 'responded' },
  expire: { from: ['sent', 'reminded'], to: 'expired' },
});
