import { ApiProperty } from '@nestjs/swagger';
import { CADENCES, type SurveySettings, type SurveyTemplate } from '../domain';

export class CriterionThresholdView {
  @ApiProperty() criterion!: string;
  @ApiProperty() level!: number;
}

export class YearTargetView {
  @ApiProperty() year!: number;
  @ApiProperty() percent!: number;
}

/** A tenant's survey settings (the deployment's defaults until the tenant sets its own). */
export class SurveySettingsView {
  @ApiProperty() remindAfterHours!: number;
  @ApiProperty() expireAfterHours!: number;
  @ApiProperty() defaultThreshold!: number;
  @ApiProperty({ type: [CriterionThresholdView] }) thresholds!: CriterionThresholdView[];
  @ApiProperty() defaultTargetPercent!: number;
  @ApiProperty({ type: [YearTargetView] }) targets!: YearTargetView[];
  @ApiProperty({ enum: CADENCES }) relationshipCadence!: string;
  @ApiProperty() timeZone!: string;
}

export function toSurveySettingsView(s: SurveySettings): SurveySettingsView {
  return {
    remindAfterHours: s.remindAfterHours,
    expireAfterHours: s.expireAfterHours,
    defaultThreshold: s.defaultThreshold,
    thresholds: Object.entries(s.thresholds).map(([criterion, level]) => ({ criterion, level })),
    defaultTargetPercent: s.defaultTargetPercent,
    targets: Object.entries(s.targetsByYear)
      .map(([year, percent]) => ({ year: Number(year), percent }))
      .sort((a, b) => a.year - b.year),
    relationshipCadence: s.relationshipCadence,
    timeZone: s.timeZone,
  };
}

export class LocalisedTextView {
  @ApiProperty() zh!: string;
  @ApiProperty() en!: string;
}

export class TemplateCriterionView {
  @ApiProperty() key!: string;
  @ApiProperty({ type: LocalisedTextView }) label!: LocalisedTextView;
}

/** One version of a survey template. */
export class SurveyTemplateView {
  @ApiProperty({ example: 'default' }) id!: string;
  @ApiProperty({ example: 2 }) version!: number;
  @ApiProperty({ type: LocalisedTextView }) title!: LocalisedTextView;
  @ApiProperty({ type: [TemplateCriterionView] }) criteria!: TemplateCriterionView[];
  @ApiProperty() levels!: number;
  @ApiProperty({ type: [LocalisedTextView] }) levelLabels!: LocalisedTextView[];
  @ApiProperty() askCsat!: boolean;
  @ApiProperty() askNps!: boolean;
  @ApiProperty() commentMaxLength!: number;
}

const text = (t: { zh: string; en: string }): LocalisedTextView => ({ zh: t.zh, en: t.en });

export function toSurveyTemplateView(t: SurveyTemplate): SurveyTemplateView {
  return {
    id: t.id,
    version: t.version,
    title: text(t.title),
    criteria: t.criteria.map((c) => ({ key: c.key, label: text(c.label) })),
    levels: t.levels,
    levelLabels: t.levelLabels.map(text),
    askCsat: t.askCsat,
    askNps: t.askNps,
    commentMaxLength: t.commentMaxLength,
  };
}
