import { ForbiddenException } from '@nestjs/common';
import type { Principal } from '@aftercare/auth';
import { DomainError } from '@aftercare/ddd';

/** The caller as the claims domain sees it. */
export const actorOf = (principal: Principal): { id: string; roles: readonly string[] } => ({ id: principal.subject, roles: principal.roles });

/**
 * A rule that needs someone else's approval (the domain marks it `details.approval`) answers 403:
 * the caller is authenticated and may use the route, but this decision is not theirs to make.
 */
export async function approvalsAsForbidden<T>(command: () => Promise<T>): Promise<T> {
  try {
    return await command();
  } catch (error) {
    if (error instanceof DomainError && error.details.approval === true) throw new ForbiddenException({ code: error.code, message: error.message });
    throw error;
  }
}
