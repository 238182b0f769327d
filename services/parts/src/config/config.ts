import type { z } from 'zod';
import { serviceConfigShape } from '@aftercare/http';

/** parts's settings: the common ones (see libs/http) and its own. */
export const configShape = serviceConfigShape(3003, {});

export type PartsConfig = z.infer<z.ZodObject<typeof configShape>>;
