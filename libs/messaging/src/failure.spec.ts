import { MessageSkipped, PermanentMessageError, describeFailure, skippedAsUnknown, unknownToTenant } from './failure';

describe('unknownToTenant', () => {
  it('is a permanent failure with the code, naming what the message said, the reference and the tenant', () => {
    const error = unknownToTenant('WORK_ORDER_UNKNOWN', 'parts request pr-1 delivered', 'work order wo-9', 'acme');
    expect(error).toBeInstanceOf(PermanentMessageError);
    expect(error.message).toBe('parts request pr-1 delivered names work order wo-9, which tenant acme does not have');
    expect(describeFailure(error)).toMatchObject({ code: 'WORK_ORDER_UNKNOWN', permanent: true });
  });
});

describe('skippedAsUnknown', () => {
  it('is a skip with the code, in the words of unknownToTenant', () => {
    const skip = skippedAsUnknown('CASE_UNKNOWN', 'quality claim qc-1', 'case sr-9', 'acme');
    expect(skip).toBeInstanceOf(MessageSkipped);
    expect(skip).toEqual({ code: 'CASE_UNKNOWN', reason: 'quality claim qc-1 names case sr-9, which tenant acme does not have' });
    expect(skip.reason).toBe(unknownToTenant('CASE_UNKNOWN', 'quality claim qc-1', 'case sr-9', 'acme').message);
  });
});
