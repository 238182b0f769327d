import { type DynamicModule, type FactoryProvider, type InjectionToken, Module, type ModuleMetadata, type Type } from '@nestjs/common';
import type { Connection } from 'mongoose';
import type { MonthFiguresOwnerV1 } from '@aftercare/contracts';
import { OutboxRelay } from '@aftercare/messaging';
import { MONGO_CONNECTION } from '@aftercare/persistence';
import { TenantRegistry } from '@aftercare/tenancy';
import { MonthFiguresJob } from './application/month-figures.job';
import { MonthFiguresPublisher } from './application/month-figures-publisher';
import { MONTH_FIGURES_SETTINGS, MONTH_FIGURES_SOURCE, type MonthFiguresSettings, type MonthFiguresSource } from './application/month-figures.ports';
import type { MonthFiguresConfig } from './month-figures.config';
import { MonthFiguresPublicationRepository } from './infrastructure/month-figures-publication.repository';

export interface MonthFiguresModuleOptions {
  owner: MonthFiguresOwnerV1;
  /** The modules the source needs (its repositories). */
  imports?: ModuleMetadata['imports'];
  /** The owner's figures over its own data. */
  source: Type<MonthFiguresSource<unknown>>;
  /** The service's validated configuration (it includes `monthFiguresConfigShape`), or its injection token. */
  config: MonthFiguresConfig | InjectionToken;
}

/**
 * An owner's month figures for the monthly report (ADR 0037): the owner writes only its source;
 * the month boundaries, the job after the close, the publication and its re-publication on late
 * data are this module's, the same in every service.
 */
@Module({})
export class MonthFiguresModule {
  static forOwner(options: MonthFiguresModuleOptions): DynamicModule {
    return {
      module: MonthFiguresModule,
      imports: options.imports ?? [],
      providers: [
        options.source,
        { provide: MONTH_FIGURES_SOURCE, useExisting: options.source },
        typeof options.config === 'object'
          ? { provide: MONTH_FIGURES_SETTINGS, inject: [TenantRegistry], useFactory: (tenants: TenantRegistry) => settingsOf(options.owner, options.config as MonthFiguresConfig, tenants) }
          : {
              provide: MONTH_FIGURES_SETTINGS,
              inject: [options.config, TenantRegistry],
              useFactory: (config: MonthFiguresConfig, tenants: TenantRegistry) => settingsOf(options.owner, config, tenants),
            },
        monthFiguresPublicationsProvider(options.owner),
        MonthFiguresPublisher,
        MonthFiguresJob,
      ],
      exports: [MonthFiguresPublisher, MonthFiguresJob],
    };
  }
}

function settingsOf(owner: MonthFiguresOwnerV1, config: MonthFiguresConfig, tenants: TenantRegistry): MonthFiguresSettings {
  return {
    owner,
    // The zone the tenant was registered with (REPORTING_TIME_ZONE when it named none): every
    // owner and the report close the tenant's month at the same midnight.
    timeZoneOf: (tenantId) => tenants.timeZoneOf(tenantId),
    scanIntervalMs: config.MONTH_FIGURES_SCAN_INTERVAL_MS,
    revisedMonths: config.MONTH_FIGURES_REVISED_MONTHS,
  };
}

/** The owner's publications repository, its collection prepared before use (survey wires it beside its own report job). */
export function monthFiguresPublicationsProvider(owner: MonthFiguresOwnerV1): FactoryProvider<MonthFiguresPublicationRepository> {
  return {
    provide: MonthFiguresPublicationRepository,
    inject: [MONGO_CONNECTION, OutboxRelay],
    useFactory: async (connection: Connection, relay: OutboxRelay) => {
      const repository = new MonthFiguresPublicationRepository(connection, relay, owner);
      await repository.ensureIndexes();
      return repository;
    },
  };
}
