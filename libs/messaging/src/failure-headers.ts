/** Headers added to messages on a group's retry and dead-letter topics. */
export const FAILURE_HEADERS = {
  originalTopic: 'aftercare_original_topic',
  originalPartition: 'aftercare_original_partition',
  originalOffset: 'aftercare_original_offset',
  errorCode: 'aftercare_error_code',
  errorMessage: 'aftercare_error_message',
  failedAt: 'aftercare_failed_at',
  group: 'aftercare_group',
  /** Failed attempts so far. */
  attempts: 'aftercare_attempts',
  notBefore: 'aftercare_not_before',
  /** Set on a replayed copy of a dead letter: `<dlt topic>/<partition>@<offset>`, when and by whom. */
  replayedFrom: 'aftercare_replayed_from',
  replayedAt: 'aftercare_replayed_at',
  replayedBy: 'aftercare_replayed_by',
} as const;

const REPLAY_HEADER_NAMES: string[] = [FAILURE_HEADERS.replayedFrom, FAILURE_HEADERS.replayedAt, FAILURE_HEADERS.replayedBy];

/**
 * The headers each failure writes anew. The replay headers are not among them: a replayed
 * message that fails again keeps them, so its new dead letter says which one it was replayed from.
 */
export const FAILURE_HEADER_NAMES: string[] = Object.values(FAILURE_HEADERS).filter((name) => !REPLAY_HEADER_NAMES.includes(name));
