import { DomainError } from '@aftercare/ddd';

/** Stable error codes of the parts request (rule 422, conflict 409, not_found 404, invalid 400). */
export const PARTS_REQUEST_ERRORS = {
  /** Fields the procedure requires are missing (422, each named). */
  INCOMPLETE: 'PARTS_REQUEST_INCOMPLETE',
  /** Malformed values (400, each named). */
  INVALID: 'PARTS_REQUEST_INVALID',
  NOT_FOUND: 'PARTS_REQUEST_NOT_FOUND',
  /** The id a message derives is another tenant's request (permanent: the message is dead-lettered). */
  ID_TAKEN: 'PARTS_REQUEST_ID_TAKEN',
  /** Received more than was shipped, or a part that was not shipped (422). */
  RECEIPT_INVALID: 'PARTS_REQUEST_RECEIPT_INVALID',
  /** A shortfall or damage is recorded against the carrier and not settled (409). */
  CARRIER_CLAIM_OPEN: 'PARTS_REQUEST_CARRIER_CLAIM_OPEN',
  NO_CARRIER_CLAIM: 'PARTS_REQUEST_NO_CARRIER_CLAIM',
  /** A line named by text only (no catalogue part number) cannot be taken from a van's books (422). */
  VAN_PICK_INVALID: 'PARTS_REQUEST_VAN_PICK_INVALID',
  /** A technician may only see and receive requests for their own van or work (403 at the edge). */
  NOT_YOURS: 'PARTS_REQUEST_NOT_YOURS',
} as const;

export const partsRequestNotFound = (id: string): DomainError =>
  new DomainError(PARTS_REQUEST_ERRORS.NOT_FOUND, `parts request ${id} not found`, 'not_found');
