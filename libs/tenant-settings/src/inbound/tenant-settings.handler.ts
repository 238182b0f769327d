import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { TENANT_SETTINGS_CHANGED_V1, TOPICS, type TenantSettingsChangedV1 } from '@aftercare/contracts';
import { onTopic, PermanentMessageError } from '@aftercare/messaging';
import { validateCalendar, validatePolicies, type BusinessCalendar, type SlaPolicy } from '@aftercare/sla';
import { TenantSettingsDirectory } from '../application/tenant-settings-directory';

/**
 * Keeps this service's copy of every tenant's settings: the compacted settings topic from the
 * beginning, in a group of its own (`<service>.tenant-settings`). Settings that libs/sla refuses
 * are dead-lettered with the problems (a producer bug: its admin API validates the same way).
 */
@Controller()
export class TenantSettingsHandler {
  constructor(private readonly directory: TenantSettingsDirectory) {}

  @EventPattern(onTopic(TOPICS.tenantSettings.name, { types: [TENANT_SETTINGS_CHANGED_V1], group: 'tenant-settings' }))
  async onChanged(@Payload() settings: TenantSettingsChangedV1): Promise<void> {
    const calendars = settings.calendars as unknown as BusinessCalendar[];
    const problems = [
      ...calendars.flatMap((c) => validateCalendar(c)),
      ...validatePolicies(settings.policies as unknown as SlaPolicy[], [...calendars, ...(await this.directory.calendarsFor(settings.tenantId)).filter((c) => !calendars.some((own) => own.id === c.id))]),
    ];
    if (problems.length) throw new PermanentMessageError('TENANT_SETTINGS_INVALID', `settings revision ${settings.revision}: ${problems.join('; ')}`);
    await this.directory.adopt(settings);
  }
}
