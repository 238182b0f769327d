import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DomainError } from '@aftercare/ddd';
import { PageCursors, invalidCursor, pageSizeOf } from '@aftercare/http';
import { ConcurrencyError, DuplicateKeyError } from '@aftercare/persistence';
import { Technician, type TechnicianProfile } from '../domain';
import { TechnicianRepository } from '../infrastructure/technician.repository';
import { toTechnicianView, type TechnicianView } from './technician.view';

export const TECHNICIAN_NOT_FOUND = 'TECHNICIAN_NOT_FOUND';

/** The name the roster's cursors are signed for. */
const TECHNICIAN_LIST = 'technicians';

export interface Page<T> {
  items: T[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}
export const TECHNICIAN_ALREADY_EXISTS = 'TECHNICIAN_ALREADY_EXISTS';

export const technicianNotFound = (id: string): DomainError =>
  new DomainError(TECHNICIAN_NOT_FOUND, `Technician ${id} not found`, 'not_found', { technicianId: id });

export type RegisterTechnicianCommand = TechnicianProfile & { tenantId: string; id?: string; active?: boolean };

export interface UpdateTechnicianCommand extends Partial<TechnicianProfile> {
  active?: boolean;
  /** Optimistic concurrency: the version the caller read (If-Match / expectedVersion). */
  expectedVersion?: number;
}

/**
 * The technician roster: register, change the profile (skills, product lines, zones, base, shift
 * calendar, capacity), activate / deactivate, read. The id is the technician's login subject
 * (`sub`), which is how the field workflow recognises the assigned technician.
 */
@Injectable()
export class TechnicianRoster {
  constructor(
    private readonly technicians: TechnicianRepository,
    private readonly cursors: PageCursors,
  ) {}

  async register(command: RegisterTechnicianCommand): Promise<TechnicianView> {
    const technician = Technician.register({ ...command, id: command.id ?? `tech-${randomUUID()}` });
    try {
      await this.technicians.save(technician);
    } catch (error) {
      if (error instanceof DuplicateKeyError)
        throw new DomainError(TECHNICIAN_ALREADY_EXISTS, `Technician ${technician.id} already exists`, 'conflict', {
          technicianId: technician.id,
        });
      throw error;
    }
    return this.view(technician, []);
  }

  /**
   * Applies the changes to the current version. Without an expected version a concurrent change
   * (e.g. an assignment counting an order) is retried on the fresh document; with one, it is
   * CONCURRENT_MODIFICATION (412 over If-Match, 409 for the body's expectedVersion).
   */
  async update(tenantId: string, id: string, command: UpdateTechnicianCommand): Promise<TechnicianView> {
    const { expectedVersion, active, ...profile } = command;
    for (let attempt = 0; ; attempt++) {
      const technician = await this.load(tenantId, id);
      if (expectedVersion !== undefined && technician.version !== expectedVersion)
        throw new ConcurrencyError('technician', id, expectedVersion);
      technician.updateProfile(profile);
      if (active === true) technician.activate();
      if (active === false) technician.deactivate();
      try {
        await this.technicians.save(technician);
        return this.get(tenantId, id);
      } catch (error) {
        if (!(error instanceof ConcurrencyError) || expectedVersion !== undefined || attempt >= 4) throw error;
      }
    }
  }

  async get(tenantId: string, id: string): Promise<TechnicianView> {
    const technician = await this.load(tenantId, id);
    return this.view(technician, await this.technicians.openOrderIdsOf(tenantId, id));
  }

  /** A page of the roster in id order (filters: active flag, zone, skill); the cursor is signed. */
  async list(
    tenantId: string,
    filter: { active?: boolean; zone?: string; skill?: string; limit?: number; cursor?: string },
  ): Promise<Page<TechnicianView>> {
    const limit = pageSizeOf(filter.limit);
    const afterId = filter.cursor === undefined ? undefined : this.afterIdOf(filter.cursor);
    const found = await this.technicians.pageWithOpenOrders(tenantId, { active: filter.active, zone: filter.zone, skill: filter.skill, afterId, limit });
    const page = found.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map(({ technician, openOrderIds }) => this.view(technician, openOrderIds)),
      nextCursor: found.length > limit && last ? this.cursors.encode(TECHNICIAN_LIST, [last.technician.id]) : null,
    };
  }

  private afterIdOf(cursor: string): string {
    const [id] = this.cursors.decode(TECHNICIAN_LIST, cursor, 1);
    if (typeof id !== 'string') throw invalidCursor();
    return id;
  }

  private async load(tenantId: string, id: string): Promise<Technician> {
    const technician = await this.technicians.findById(tenantId, id);
    if (!technician) throw technicianNotFound(id);
    return technician;
  }

  private view(technician: Technician, openOrderIds: string[]): TechnicianView {
    return toTechnicianView(technician.toSnapshot(), openOrderIds);
  }
}
