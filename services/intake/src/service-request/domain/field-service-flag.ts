import { SERVICE_REQUEST_ERRORS, serviceRequestError } from './service-request.errors';
import { type RequestType, isFieldServiceType } from './service-request.types';

/** The case flags only a technician's job can carry, with the error a flag on another type is (422). */
const FLAGS = {
  qualityProblem: { code: SERVICE_REQUEST_ERRORS.QUALITY_PROBLEM_NOT_FIELD_SERVICE, what: 'a quality problem' },
  internalWork: { code: SERVICE_REQUEST_ERRORS.INTERNAL_WORK_NOT_FIELD_SERVICE, what: 'internal work' },
} as const;

/** Throws the flag's 422 unless the type sends a technician (a field-service type). */
export function assertFieldServiceFlag(flag: keyof typeof FLAGS, type: RequestType | null): void {
  if (type && isFieldServiceType(type)) return;
  const { code, what } = FLAGS[flag];
  throw serviceRequestError(code, `only a field-service case (a technician's job) can be ${what}, not a ${type ?? 'case without a type'}`, 'rule', {
    requestedType: type,
    fieldErrors: [{ field: flag, message: 'needs a field-service requestedType' }],
  });
}
