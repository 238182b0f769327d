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
  replayedFrom: 'aftercare_replayed_from',
} as const;

export const FAILURE_HEADER_NAMES: string[] = Object.values(FAILURE_HEADERS);
