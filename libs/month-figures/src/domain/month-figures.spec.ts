import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  CLAIMS_MONTH_FIGURES_PUBLISHED_V2,
  contractsRegistry,
  DISPATCH_MONTH_FIGURES_PUBLISHED_V1,
  DISPATCH_MONTH_FIGURES_PUBLISHED_V2,
  EXAMPLES_DIR,
  PARTS_MONTH_FIGURES_PUBLISHED_V1,
  type PartsMonthFiguresV1,
} from '@aftercare/contracts';
import { MonthFiguresPublication } from './month-figures-publication';
import { monthsToPublish } from './publication-window';

describe('monthsToPublish', () => {
  it('is the closed months in the tenant time zone, newest first', () => {
    // 2026-04-01 01:00 in Shanghai is still March in UTC
    const now = new Date('2026-03-31T17:00:00Z');
    expect(monthsToPublish(now, 'Asia/Shanghai', 2)).toEqual(['2026-03', '2026-02']);
    expect(monthsToPublish(now, 'UTC', 2)).toEqual(['2026-02', '2026-01']);
  });

  it('crosses the year and refuses a window without months', () => {
    expect(monthsToPublish(new Date('2026-01-15T00:00:00Z'), 'UTC', 3)).toEqual(['2025-12', '2025-11', '2025-10']);
    expect(() => monthsToPublish(new Date(), 'UTC', 0)).toThrow(RangeError);
  });
});

describe('MonthFiguresPublication', () => {
  const figures: PartsMonthFiguresV1 = { materialCost: 1_284_050, transportCost: 91_000 };
  const at = new Date('2026-04-01T00:05:00Z');

  it("publishes the owner's event type, valid for its schema, keyed by tenant and month", () => {
    const publication = MonthFiguresPublication.publish('parts', 'acme', '2026-03', figures, at);
    const [event] = publication.pendingEvents;
    expect(publication.id).toBe('acme:2026-03');
    expect(event.type).toBe(PARTS_MONTH_FIGURES_PUBLISHED_V1);
    expect(event.data).toEqual({ tenantId: 'acme', month: '2026-03', publishedAt: at.toISOString(), figures });
    expect(() => contractsRegistry().assertValid(PARTS_MONTH_FIGURES_PUBLISHED_V1, event.data)).not.toThrow();
  });

  it('publishes again only when late data changed the figures', () => {
    const publication = MonthFiguresPublication.fromSnapshot({ ...MonthFiguresPublication.publish('parts', 'acme', '2026-03', figures, at).toSnapshot(), version: 1 });
    const later = new Date('2026-04-02T00:00:00Z');
    expect(publication.republish({ ...figures }, later)).toBe(false);
    expect(publication.pendingEvents).toEqual([]);
    expect(publication.republish({ ...figures, transportCost: 95_000 }, later)).toBe(true);
    expect(publication.pendingEvents.map((e) => e.data)).toEqual([{ tenantId: 'acme', month: '2026-03', publishedAt: later.toISOString(), figures: { ...figures, transportCost: 95_000 } }]);
    expect(publication.toSnapshot()).toMatchObject({ owner: 'parts', publishedAt: later, version: 1 });
  });
});

describe('the version each owner publishes (ADR 0043)', () => {
  const at = new Date('2026-04-01T00:05:00Z');
  const figuresOf = (type: string) => (JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, `${type}.json`), 'utf8')) as { figures: unknown }).figures;

  it.each([
    ['dispatch', DISPATCH_MONTH_FIGURES_PUBLISHED_V2],
    ['claims', CLAIMS_MONTH_FIGURES_PUBLISHED_V2],
  ] as const)('%s publishes v2, valid for its schema', (owner, type) => {
    const [event] = MonthFiguresPublication.publish(owner, 'acme', '2026-03', figuresOf(type), at).pendingEvents;
    expect(event.type).toBe(type);
    expect(() => contractsRegistry().assertValid(type, event.data)).not.toThrow();
  });

  it('republishes a month stored with v1 figures as v2 once the figures carry the new fields', () => {
    const stored = MonthFiguresPublication.fromSnapshot({ ...MonthFiguresPublication.publish('dispatch', 'acme', '2026-03', figuresOf(DISPATCH_MONTH_FIGURES_PUBLISHED_V1), at).toSnapshot(), version: 1 });
    expect(stored.republish(figuresOf(DISPATCH_MONTH_FIGURES_PUBLISHED_V2), new Date('2026-04-01T01:05:00Z'))).toBe(true);
    const [event] = stored.pendingEvents;
    expect(event.type).toBe(DISPATCH_MONTH_FIGURES_PUBLISHED_V2);
    expect(() => contractsRegistry().assertValid(DISPATCH_MONTH_FIGURES_PUBLISHED_V2, event.data)).not.toThrow();
  });
});
