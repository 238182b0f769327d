import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DomainError } from '@aftercare/ddd';
import { ConcurrencyError, DuplicateKeyError } from '@aftercare/persistence';
import { Technician, type TechnicianProfile } from '../domain';
import { TechnicianRepository } from '../infrastructure/technician.repository';
import { toTechnicianView, type TechnicianView } from './technician.view';

export const TECHNICIAN_NOT_FOUND = 'TECHNICIAN_NOT_FOUND';
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
  constructor(private readonly technicians: TechnicianRepository) {}

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

  async list(tenantId: string, filter: { active?: boolean; zone?: string; skill?: string }): Promise<TechnicianView[]> {
    const all = await this.technicians.findAllWithOpenOrders(tenantId, { active: filter.active });
    return all
      .filter(
        ({ technician: t }) =>
          (!filter.zone || (t.zones as readonly string[]).includes(filter.zone)) && (!filter.skill || t.skills.includes(filter.skill)),
      )
      .map(({ technician, openOrderIds }) => this.view(technician, openOrderIds));
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
