import type { z } from 'zod';
import { serviceConfigShape } from '@aftercare/http';

/** dispatch's settings: the common ones (see libs/http) and its own. */
export const configShape = serviceConfigShape(3002, {});

export type DispatchConfig = z.infer<z.ZodObject<typeof configShape>>;
