import { BadRequestException, ForbiddenException, NotFoundException, UnauthorizedException } from '@nestjs/common';
import { DomainError, IllegalTransitionError } from '@aftercare/ddd';
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

  it('names broken fields from `fields` and from `fieldErrors`', () => {
    expect(toProblem(new DomainError('REPORT_INCOMPLETE', 'incomplete', 'rule', { fields: ['faultCause'] })).errors).toEqual([
      { field: 'faultCause', message: 'is required' },
    ]);
    const withErrors = new DomainError('INVALID', 'bad', 'invalid', { fieldErrors: [{ field: 'zone', message: 'unknown zone' }] });
    expect(toProblem(withErrors).errors).toEqual([{ field: 'zone', message: 'unknown zone' }]);
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

  it('answers malformed JSON with 400 and hides internal errors behind a 500 without details', () => {
    expect(toProblem({ type: 'entity.parse.failed', message: 'Unexpected token' })).toMatchObject({ status: 400, code: 'MALFORMED_JSON' });
    const internal = toProblem(new Error('connection string with password'));
    expect(internal).toMatchObject({ status: 500, code: 'INTERNAL_ERROR' });
    expect(internal.detail).not.toContain('password');
  });
});
