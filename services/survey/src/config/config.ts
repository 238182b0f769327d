import type { z } from 'zod';
import { serviceConfigShape } from '@aftercare/http';

/** survey's settings: the common ones (see libs/http) and its own. */
export const configShape = serviceConfigShape(3005, {});

export type SurveyConfig = z.infer<z.ZodObject<typeof configShape>>;
