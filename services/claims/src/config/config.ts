import type { z } from 'zod';
import { serviceConfigShape } from '@aftercare/http';

/** claims's settings: the common ones (see libs/http) and its own. */
export const configShape = serviceConfigShape(3004, {});

export type ClaimsConfig = z.infer<z.ZodObject<typeof configShape>>;
