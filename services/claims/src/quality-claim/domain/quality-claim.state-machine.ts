/**
 * The 8D as a state machine (source 003 §1.2, source 000 §1.8, source 001 §1.8):
 *
 * ```
 * registered ─triage→ triaged ─contain (D3)→ contained ─identifyRootCause (D4)→ root_cause_identified
 *   ─planActions (D5)→ actions_planned ─implement (D6)→ actions_implemented ─verify (D7)→ verified ─close→ closed
 * registered | triaged | contained | root_cause_identified ─reject→ rejected
 * ```
 */
import { StateMachine, type TransitionTable } from '@aftercare/ddd';

export const QUALITY_CLAIM_STATUSES = [
  'registered',
  'triaged',
  'contained',
  'root_cause_identified',
  'actions_planned',
  'actions_implemented',
  'verified',
  'closed',
  'rejected',
] as const;
export type QualityClaimStatus = (typeof QUALITY_CLAIM_STATUSES)[number];

export type QualityClaimAction = 'triage' | 'contain' | 'identifyRootCause' | 'planActions' | 'implement' | 'verify' | 'close' | 'reject';

const TABLE: TransitionTable<QualityClaimStatus, QualityClaimAction> = {
  triage: { from: ['registered'], to: 'triaged' },
  contain: { from: ['triaged'], to: 'contained' },
  identifyRootCause: { from: ['contained'], to: 'root_cause_identified' },
  planActions: { from: ['root_cause_identified'], to: 'actions_planned' },
  implement: { from: ['actions_planned'], to: 'actions_implemented' },
  verify: { from: ['actions_implemented'], to: 'verified' },
  close: { from: ['verified'], to: 'closed' },
  reject: { from: ['registered', 'triaged', 'contained', 'root_cause_identified'], to: 'rejected' },
};

export const qualityClaimMachine = new StateMachine<QualityClaimStatus, QualityClaimAction>('quality claim', TABLE);

export const isOpenClaim = (status: QualityClaimStatus): boolean => status !== 'closed' && status !== 'rejected';
