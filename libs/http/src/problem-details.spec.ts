import { BadRequestException, ForbiddenException, NotFoundException, UnauthorizedException } from '@nestjs/common';
import { DomainError, IllegalTransitionError, invalidFields, missingFields } from '@aftercare/ddd';
import { preconditionFailed, preconditionRequired } from './etag';
import { toProblem } from './problem-details';

describe('problem details', () => {
  it.each([
    ['invalid', 400],
    ['not_found', 404],
    ['conflict', 409],
    ['rule', 422],
  ] as const)('maps a %s domain error to %i with its stable code', (kind, status) => {
    expect(toProblem(new DomainError('CASE_SOMETHING', 'it went wrong', kind), '/api/v1/x')).toEqual({
      type: 'https://aftercare.dev/problems/case-something',
      title: expect.any(String),
      status,
      detail: 'it went wrong',
      code: 'CASE_SOMETHING',
      instance: '/api/v1/x',
    });
  });

  it('names the broken fields of `details.fieldErrors` as `errors`, and keeps the other details', () => {
    const missing = missingFields('REPORT_INCOMPLETE', 'The service report is incomplete', ['faultCause', 'resolution']);
    expect(toProblem(missing)).toMatchObject({
      status: 422,
      code: 'REPORT_INCOMPLETE',
      detail: 'The service report is incomplete: faultCause is required; resolution is required',
      errors: [
        { field: 'faultCause', message: 'is required' },
        { field: 'resolution', message: 'is required' },
      ],
    });
    const invalid = invalidFields('INVALID', 'Invalid site', [{ field: 'zone', message: 'unknown zone' }], 'invalid', { tried: 'moon' });
    const body = toProblem(invalid);
    expect(body).toMatchObject({ status: 400, errors: [{ field: 'zone', message: 'unknown zone' }], tried: 'moon' });
    expect(body).not.toHaveProperty('fieldErrors');
  });

  it('reads only `fieldErrors`: any other details key is passed on as it is, never taken for field errors', () => {
    const body = toProblem(new DomainError('LEGACY', 'old shape', 'invalid', { fields: ['a'] }));
    expect(body).not.toHaveProperty('errors');
    expect(body.fields).toEqual(['a']);
    expect(toProblem(new DomainError('NONE', 'no fields', 'rule'))).not.toHaveProperty('errors');
  });

  it("never lets a detail replace a member of the problem itself (a detail named `status` stays out of the HTTP status)", () => {
    const body = toProblem(new DomainError('RETURN_FIXED', 'fixed once approved', 'conflict', { status: 'approved', code: 'OTHER', type: 'x', currentStatus: 'approved' }), '/api/v1/r');
    expect(body).toMatchObject({ status: 409, code: 'RETURN_FIXED', type: 'https://aftercare.dev/problems/return-fixed', instance: '/api/v1/r', currentStatus: 'approved' });
  });

  it('keeps the transition details of an illegal transition (409)', () => {
    expect(toProblem(new IllegalTransitionError('work order', 'closed', 'start'))).toMatchObject({
      status: 409,
      code: 'WORK_ORDER_ILLEGAL_TRANSITION',
      from: 'closed',
      action: 'start',
    });
  });

  it('maps HTTP exceptions with their codes and field errors', () => {
    const validation = new BadRequestException({ code: 'VALIDATION_FAILED', message: 'invalid', errors: [{ field: 'a', message: 'must be a string' }] });
    expect(toProblem(validation)).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', errors: [{ field: 'a', message: 'must be a string' }] });
    expect(toProblem(new UnauthorizedException({ code: 'AUTH_TOKEN_MISSING', message: 'no token' }))).toMatchObject({ status: 401, code: 'AUTH_TOKEN_MISSING' });
    expect(toProblem(new ForbiddenException())).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    expect(toProblem(new NotFoundException('Cannot GET /x'))).toMatchObject({ status: 404, code: 'NOT_FOUND' });
  });

  it('titles the precondition answers of If-Match', () => {
    expect(toProblem(preconditionFailed(3))).toMatchObject({ status: 412, title: 'Precondition Failed', code: 'PRECONDITION_FAILED' });
    expect(toProblem(preconditionRequired())).toMatchObject({ status: 428, title: 'Precondition Required', code: 'PRECONDITION_REQUIRED' });
  });

  it('answers malformed JSON with 400 and hides internal errors behind a 500 without details', () => {
    expect(toProblem({ type: 'entity.parse.failed', message: 'Unexpected token' })).toMatchObject({ status: 400, code: 'MALFORMED_JSON' });
    const internal = toProblem(new Error('connection string with password'));
    expect(internal).toMatchObject({ status: 500, code: 'INTERNAL_ERROR' });
    expect(internal.detail).not.toContain('password');
  });
});
