import { Injectable } from '@nestjs/common';
import { DEFAULT_PRIORITY_MATRIX, type PriorityMatrix } from '../domain';

/** Tenant-independent intake rules from configuration (per-tenant overrides come with the admin API). */
@Injectable()
export class IntakeSettings {
  priorityMatrix: PriorityMatrix = DEFAULT_PRIORITY_MATRIX;
  duplicateWindowHours = 72;
  confirmationSilenceDays = 7;
  timeZone = 'Asia/Shanghai';
}
