import { BadRequestException } from '@nestjs/common';

/**
 * The version a command expects the aggregate to have: `If-Match: <version>` (quotes and a weak
 * `W/` prefix tolerated) or the body's `expectedVersion`. Both given and different is a 400.
 * Undefined when neither is given: the command then applies to whatever version it loads.
 */
export function expectedVersionOf(ifMatch: string | undefined, bodyVersion: number | undefined): number | undefined {
  let header: number | undefined;
  if (ifMatch !== undefined && ifMatch.trim() !== '' && ifMatch.trim() !== '*') {
    const raw = ifMatch.trim().replace(/^W\//, '').replace(/^"(.*)"$/, '$1');
    if (!/^\d+$/.test(raw))
      throw new BadRequestException({
        code: 'VALIDATION_FAILED',
        message: 'If-Match must be the version number the client read',
        errors: [{ field: 'If-Match', message: 'must be a non-negative integer version' }],
      });
    header = Number(raw);
  }
  if (header !== undefined && bodyVersion !== undefined && header !== bodyVersion)
    throw new BadRequestException({
      code: 'VALIDATION_FAILED',
      message: 'If-Match and expectedVersion disagree',
      errors: [{ field: 'expectedVersion', message: 'must equal the If-Match version' }],
    });
  return header ?? bodyVersion;
}
