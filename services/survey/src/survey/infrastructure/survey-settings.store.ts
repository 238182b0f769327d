import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import type { Collection, Connection } from 'mongoose';
import { MONGO_CONNECTION, prepareCollection } from '@aftercare/persistence';
import { TenantRegistry } from '@aftercare/tenancy';
import { SURVEY_CONFIG, type SurveyConfig } from '../../config/config';
import type { SurveySettings } from '../domain';

/**
 * Each tenant's survey settings (`_id` = tenant). A tenant that never set any gets the
 * deployment's defaults (SURVEY_* configuration), and the time zone it was registered with.
 */
@Injectable()
export class SurveySettingsStore implements OnModuleInit {
  private readonly collection: Collection;

  constructor(
    @Inject(MONGO_CONNECTION) connection: Connection,
    @Inject(SURVEY_CONFIG) private readonly config: SurveyConfig,
    private readonly tenants: TenantRegistry,
  ) {
    this.collection = connection.collection('settings') as unknown as Collection;
  }

  async onModuleInit(): Promise<void> {
    await prepareCollection(this.collection, {});
  }

  defaults(): SurveySettings {
    return {
      remindAfterHours: this.config.SURVEY_REMIND_AFTER_HOURS,
      expireAfterHours: this.config.SURVEY_EXPIRE_AFTER_HOURS,
      defaultThreshold: this.config.SURVEY_LOW_SCORE_THRESHOLD,
      thresholds: {},
      defaultTargetPercent: this.config.SURVEY_TARGET_PERCENT,
      targetsByYear: {},
      relationshipCadence: 'yearly',
      timeZone: this.config.SURVEY_TIME_ZONE,
    };
  }

  async of(tenantId: string): Promise<SurveySettings> {
    const document = await this.collection.findOne(settingsFilter(tenantId) as never);
    const defaults = { ...this.defaults(), timeZone: await this.tenants.timeZoneOf(tenantId) };
    return document ? { ...defaults, ...(document.settings as Partial<SurveySettings>) } : defaults;
  }

  async put(tenantId: string, settings: SurveySettings): Promise<void> {
    await this.collection.updateOne(settingsFilter(tenantId) as never, { $set: { settings: structuredClone(settings) } }, { upsert: true });
  }
}

/** The store's one filter, by `_id` (checked against the indexes by survey-query-shapes.spec.ts). */
export const settingsFilter = (tenantId: string) => ({ _id: tenantId });
