import type { z } from 'zod';
import { serviceConfigShape } from '@aftercare/http';

/** intake's settings: the common ones (see libs/http) and its own. */
export const configShape = serviceConfigShape(3001, {});

export type IntakeConfig = z.infer<z.ZodObject<typeof configShape>>;
