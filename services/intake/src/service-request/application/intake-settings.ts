import { Global, Module, type DynamicModule } from '@nestjs/common';
import { DEFAULT_PRIORITY_MATRIX, priorityMatrix, type PriorityMatrix, type PriorityMatrixOverrides } from '../domain';

/** intake's business rules from configuration (validated at start-up). */
export class IntakeSettings {
  constructor(
    readonly priorityMatrix: PriorityMatrix = DEFAULT_PRIORITY_MATRIX,
    readonly duplicateWindowHours = 72,
    readonly confirmationSilenceDays = 7,
    readonly confirmationScanIntervalMs = 60_000,
    readonly timeZone = 'Asia/Shanghai',
  ) {}

  static fromConfig(config: {
    PRIORITY_MATRIX?: PriorityMatrixOverrides;
    DUPLICATE_WINDOW_HOURS: number;
    CONFIRMATION_SILENCE_DAYS: number;
    CONFIRMATION_SCAN_INTERVAL_MS: number;
    TIME_ZONE: string;
  }): IntakeSettings {
    return new IntakeSettings(
      priorityMatrix(config.PRIORITY_MATRIX ?? {}),
      config.DUPLICATE_WINDOW_HOURS,
      config.CONFIRMATION_SILENCE_DAYS,
      config.CONFIRMATION_SCAN_INTERVAL_MS,
      config.TIME_ZONE,
    );
  }
}

@Global()
@Module({})
export class IntakeSettingsModule {
  static forRoot(settings: IntakeSettings): DynamicModule {
    return { module: IntakeSettingsModule, providers: [{ provide: IntakeSettings, useValue: settings }], exports: [IntakeSettings] };
  }
}
