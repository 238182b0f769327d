import { Injectable } from '@nestjs/common';
import { invalidFields, type FieldError } from '@aftercare/ddd';
import { SURVEY_ERRORS, assertSettings, assertTemplate, surveyError, type Cadence, type SurveySettings, type SurveyTemplate } from '../domain';
import { SurveySettingsStore } from '../infrastructure/survey-settings.store';
import { TemplateStore } from '../infrastructure/template.store';
import { RelationshipSurveys } from './relationship-surveys';

/** The settings as the API writes them: lists where the domain keeps maps keyed by criterion and year. */
export interface SurveySettingsInput {
  remindAfterHours: number;
  expireAfterHours: number;
  defaultThreshold: number;
  thresholds: Array<{ criterion: string; level: number }>;
  defaultTargetPercent: number;
  targets: Array<{ year: number; percent: number }>;
  relationshipCadence: string;
  timeZone: string;
}

export type SurveyTemplateInput = Omit<SurveyTemplate, 'id' | 'version'>;

/**
 * A tenant's survey settings and template versions, changed by its managers. Settings are replaced
 * whole and checked by the domain's rules; a template change is always a new version (the links
 * already sent keep theirs), numbered by the service.
 */
@Injectable()
export class SurveyAdmin {
  constructor(
    private readonly settings: SurveySettingsStore,
    private readonly templates: TemplateStore,
    private readonly relationship: RelationshipSurveys,
  ) {}

  settingsOf(tenantId: string): Promise<SurveySettings> {
    return this.settings.of(tenantId);
  }

  async replaceSettings(tenantId: string, input: SurveySettingsInput): Promise<SurveySettings> {
    const settings = assertSettings(settingsFromInput(input));
    const before = await this.settings.of(tenantId);
    await this.settings.put(tenantId, settings);
    // A tenant-wide cadence change moves the next date of every customer without a cadence of their own.
    if (before.relationshipCadence !== settings.relationshipCadence) await this.relationship.followTenantCadence(tenantId, settings.relationshipCadence);
    return settings;
  }

  async currentTemplate(tenantId: string, id: string): Promise<SurveyTemplate> {
    const template = await this.templates.current(tenantId, id);
    if (!template) throw templateNotFound(id);
    return template;
  }

  async templateVersion(tenantId: string, id: string, version: number): Promise<SurveyTemplate> {
    const template = await this.templates.version(tenantId, id, version);
    if (!template) throw templateNotFound(`${id} v${version}`);
    return template;
  }

  /** The next version of `id` (a new id starts at 1; the built-in `default` is version 1). Two at once: one is 409. */
  async addVersion(tenantId: string, id: string, input: SurveyTemplateInput): Promise<SurveyTemplate> {
    const current = await this.templates.current(tenantId, id);
    const template = assertTemplate({ ...structuredClone(input), id, version: (current?.version ?? 0) + 1 });
    await this.templates.add(tenantId, template);
    return template;
  }
}

/** Lists to maps; a criterion or a year named twice is a field error, never a silent pick. */
export function settingsFromInput(input: SurveySettingsInput): SurveySettings {
  const errors: FieldError[] = [];
  const thresholds: Record<string, number> = {};
  input.thresholds.forEach(({ criterion, level }, i) => {
    if (criterion in thresholds) errors.push({ field: `thresholds[${i}].criterion`, message: 'is listed twice' });
    thresholds[criterion] = level;
  });
  const targetsByYear: Record<string, number> = {};
  input.targets.forEach(({ year, percent }, i) => {
    if (String(year) in targetsByYear) errors.push({ field: `targets[${i}].year`, message: 'is listed twice' });
    targetsByYear[String(year)] = percent;
  });
  if (errors.length) throw invalidFields(SURVEY_ERRORS.SETTINGS_INVALID, 'survey settings are invalid', errors);
  return {
    remindAfterHours: input.remindAfterHours,
    expireAfterHours: input.expireAfterHours,
    defaultThreshold: input.defaultThreshold,
    thresholds,
    defaultTargetPercent: input.defaultTargetPercent,
    targetsByYear,
    relationshipCadence: input.relationshipCadence as Cadence,
    timeZone: input.timeZone,
  };
}

function templateNotFound(what: string) {
  return surveyError(SURVEY_ERRORS.TEMPLATE_NOT_FOUND, `survey template ${what} not found`, 'not_found');
}
