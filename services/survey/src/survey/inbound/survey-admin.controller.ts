import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Put, Res } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles, TenantId } from '@aftercare/auth';
import { API_PREFIX, ApiCreate, ApiProblems, ApiStandardProblems, setEtag } from '@aftercare/http';
import { SurveyAdmin } from '../application/survey-admin';
import { SurveySettingsView, SurveyTemplateView, toSurveySettingsView, toSurveyTemplateView } from '../application/survey-admin.views';
import { NewSurveyTemplateVersionDto, SurveySettingsDto } from './survey-admin.dto';

const TEMPLATE_ID = { name: 'id', description: 'Template id (`default` is what invitations are sent with)', schema: { type: 'string', pattern: '^[a-z][a-z0-9_]{0,39}$' } };

/** A tenant's survey settings and templates (managers read and change them; quality engineers read). */
@ApiTags('survey admin')
@ApiStandardProblems()
@Controller('admin')
export class SurveyAdminController {
  constructor(private readonly admin: SurveyAdmin) {}

  @Get('survey-settings')
  @Roles('manager', 'quality_engineer')
  @ApiOperation({ summary: "The tenant's survey settings: reminder and expiry, low-score thresholds, targets per year, relationship cadence, time zone" })
  @ApiResponse({ status: 200, type: SurveySettingsView, description: 'The settings (the deployment defaults until the tenant sets its own)' })
  async settings(@TenantId() tenantId: string): Promise<SurveySettingsView> {
    return toSurveySettingsView(await this.admin.settingsOf(tenantId));
  }

  @Put('survey-settings')
  @HttpCode(200)
  @Roles('manager')
  @ApiOperation({ summary: "Replaces the tenant's survey settings", description: 'Invitations already sent keep the reminder and expiry they were sent with.' })
  @ApiResponse({ status: 200, type: SurveySettingsView, description: 'The settings as stored' })
  @ApiProblems({ 422: 'SURVEY_SETTINGS_INVALID with the fields (reminder not before expiry, a criterion or year twice, an unknown time zone)' })
  async replaceSettings(@TenantId() tenantId: string, @Body() body: SurveySettingsDto): Promise<SurveySettingsView> {
    return toSurveySettingsView(await this.admin.replaceSettings(tenantId, body));
  }

  @Get('survey-templates/:id')
  @Roles('manager', 'quality_engineer')
  @ApiParam(TEMPLATE_ID)
  @ApiOperation({ summary: 'The current version of a template (new invitations are sent with it)' })
  @ApiResponse({ status: 200, type: SurveyTemplateView, description: 'The current version' })
  @ApiProblems({ 404: 'SURVEY_TEMPLATE_NOT_FOUND' })
  async current(@TenantId() tenantId: string, @Param('id') id: string): Promise<SurveyTemplateView> {
    return toSurveyTemplateView(await this.admin.currentTemplate(tenantId, id));
  }

  @Get('survey-templates/:id/versions/:version')
  @Roles('manager', 'quality_engineer')
  @ApiParam(TEMPLATE_ID)
  @ApiParam({ name: 'version', schema: { type: 'integer', minimum: 1 } })
  @ApiOperation({ summary: 'One version of a template (what a link sent with it is answered against)' })
  @ApiResponse({ status: 200, type: SurveyTemplateView, description: 'The version' })
  @ApiProblems({ 400: 'VALIDATION_FAILED (version)', 404: 'SURVEY_TEMPLATE_NOT_FOUND' })
  async version(@TenantId() tenantId: string, @Param('id') id: string, @Param('version', ParseIntPipe) version: number): Promise<SurveyTemplateView> {
    return toSurveyTemplateView(await this.admin.templateVersion(tenantId, id, version));
  }

  @Post('survey-templates')
  @Roles('manager')
  @ApiCreate({
    summary: 'Adds the next version of a template and makes it current',
    description: 'Links already sent are answered with the version they were sent with. The version number is the next one (the built-in `default` is version 1).',
    created: SurveyTemplateView,
    createdDescription: 'The new version (Location: where it is read; ETag: its version number)',
    problems: { 409: 'ALREADY_EXISTS: another version was added at the same time', 422: 'SURVEY_TEMPLATE_INVALID with the fields' },
  })
  async addVersion(@TenantId() tenantId: string, @Body() body: NewSurveyTemplateVersionDto, @Res({ passthrough: true }) res: Response): Promise<SurveyTemplateView> {
    const { id, ...version } = body;
    const template = await this.admin.addVersion(tenantId, id, version);
    res.setHeader('Location', `/${API_PREFIX}/admin/survey-templates/${encodeURIComponent(id)}/versions/${template.version}`);
    setEtag(res, template.version);
    return toSurveyTemplateView(template);
  }
}
