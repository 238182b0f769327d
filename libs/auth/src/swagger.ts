import type { DocumentBuilder } from '@nestjs/swagger';
import { BEARER_SECURITY } from './auth.constants';

/** Adds the `bearer` (JWT) security scheme that `@Roles()` routes refer to. */
export function addBearerSecurity(builder: DocumentBuilder): DocumentBuilder {
  return builder.addBearerAuth(
    { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'RS256 JWT with sub, tenant, roles' },
    BEARER_SECURITY,
  );
}
