import { signAnswerToken, verifyAnswerToken } from './answer-token';

const SECRET = 'a-test-secret-of-enough-length';
const expiresAt = new Date('2026-03-25T10:00:00.000Z');
const before = new Date('2026-03-20T00:00:00.000Z');

describe('answer link tokens', () => {
  const token = signAnswerToken({ tenantId: 'acme', invitationId: 'job-abc123', expiresAt }, SECRET);

  it('verifies a token it signed, before it expires', () => {
    expect(verifyAnswerToken(token, SECRET, before)).toEqual({ ok: true, claims: { tenantId: 'acme', invitationId: 'job-abc123', expiresAt } });
  });

  it('is expired from its expiry on', () => {
    expect(verifyAnswerToken(token, SECRET, expiresAt)).toMatchObject({ ok: false, reason: 'expired', claims: { tenantId: 'acme', invitationId: 'job-abc123' } });
  });

  it.each([
    ['another invitation id', token.replace('job-abc123', 'job-abc124')],
    ['another tenant', token.replace('acme.', 'globex.')],
    ['a later expiry', token.replace(/\.(\d+)\./, (_m, s: string) => `.${Number(s) + 86_400}.`)],
    ['a changed signature', token.slice(0, -2) + (token.endsWith('AA') ? 'BB' : 'AA')],
  ])('refuses %s (altered)', (_label, altered) => {
    expect(verifyAnswerToken(altered, SECRET, before)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('refuses a token signed with another secret', () => {
    expect(verifyAnswerToken(token, 'another-secret', before)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it.each(['', 'no-dots', 'a.b.c', 'a.b.c.d.e', 'acme.job-1.notanumber.sig', 'acme.job 1.123.sig'])('refuses the malformed %j', (malformed) => {
    expect(verifyAnswerToken(malformed, SECRET, before)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('will not sign an id that cannot travel in a link', () => {
    expect(() => signAnswerToken({ tenantId: 'acme', invitationId: 'a/b', expiresAt }, SECRET)).toThrow(/cannot travel in a link/);
  });
});
