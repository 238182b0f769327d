/**
 * The reply-clock scheduler's settings, from intake's validated configuration
 * (`SLA_SCAN_INTERVAL_MS`, `SLA_CLAIM_LEASE_MS`, `SLA_SCAN_BATCH`; see src/config/config.ts).
 * A scan interval of 0 turns the scheduler off (`SlaScheduler.scanOnce()` still works).
 */
export class SlaSettings {
  constructor(
    readonly scanIntervalMs: number,
    readonly claimLeaseMs: number,
    readonly scanBatch: number,
  ) {}
}
