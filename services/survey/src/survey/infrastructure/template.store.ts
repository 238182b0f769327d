import { Inject, Injectable } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { CollectionStore, DuplicateKeyError, MONGO_CONNECTION, isDuplicateKey } from '@aftercare/persistence';
import { DEFAULT_TEMPLATE, DEFAULT_TEMPLATE_ID, type SurveyTemplate } from '../domain';

/**
 * A tenant's survey templates, one document per version (`<tenant>|<id>|<version>`), never
 * changed once stored: an invitation is answered with the version it was sent with. The built-in
 * default is version 1 of `default` for every tenant; a tenant's own `default` versions start at 2.
 * The current version of a template is kept in `<tenant>|<id>|current`.
 */
@Injectable()
export class TemplateStore extends CollectionStore {
  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    super(connection, 'templates');
  }

  async version(tenantId: string, id: string, version: number): Promise<SurveyTemplate | null> {
    if (id === DEFAULT_TEMPLATE_ID && version === DEFAULT_TEMPLATE.version) return DEFAULT_TEMPLATE;
    const document = await this.collection.findOne(templateFilters.version(tenantId, id, version) as never);
    return document ? templateOf(document.template) : null;
  }

  /** The version new invitations are sent with. */
  async current(tenantId: string, id = DEFAULT_TEMPLATE_ID): Promise<SurveyTemplate | null> {
    const pointer = await this.collection.findOne(templateFilters.current(tenantId, id) as never);
    if (!pointer) return id === DEFAULT_TEMPLATE_ID ? DEFAULT_TEMPLATE : null;
    return this.version(tenantId, id, pointer.version as number);
  }

  /** Stores a new version and makes it current; a version stored already is a conflict. */
  async add(tenantId: string, template: SurveyTemplate): Promise<void> {
    try {
      await this.collection.insertOne({ _id: `${tenantId}|${template.id}|${template.version}` as never, tenantId, template: structuredClone(template) });
    } catch (error) {
      if (isDuplicateKey(error)) throw new DuplicateKeyError('survey template', (error as Error).message);
      throw error;
    }
    await this.collection.updateOne(
      templateFilters.current(tenantId, template.id) as never,
      { $max: { version: template.version }, $set: { tenantId, templateId: template.id } },
      { upsert: true },
    );
  }
}

/** The store's filters, by `_id` (checked against the indexes by survey-query-shapes.spec.ts). */
export const templateFilters = {
  version: (tenantId: string, id: string, version: number) => ({ _id: `${tenantId}|${id}|${version}` }),
  current: (tenantId: string, id: string) => ({ _id: `${tenantId}|${id}|current` }),
};

function templateOf(stored: SurveyTemplate): SurveyTemplate {
  return structuredClone(stored);
}
