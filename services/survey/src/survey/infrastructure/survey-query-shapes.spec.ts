import { AGGREGATE_UNIQUE_INDEXES, aggregateFilters, servedByUniqueIndex } from '@aftercare/persistence';
import { caseContactFilter } from './case-contact.store';
import { monthReviewFilter } from './month-reviews.store';
import { relationshipScheduleFilter } from './relationship-schedule.store';
import { settingsFilter } from './survey-settings.store';
import { templateFilters } from './template.store';

/**
 * Every per-message and per-request query of survey's stores is answered by a unique index on the
 * embedded store (docs/local-stack.md, "the rule for repository queries"): the aggregates load and
 * save by `_id` and the version guard (libs/persistence), the other stores read by `_id` alone.
 */
describe("survey's hot-path queries", () => {
  it.each([
    ['invitation / response load', aggregateFilters.byId('job-1')],
    ['invitation / response save', aggregateFilters.versionGuard('job-1', 'acme', 3)],
    ['case contact', caseContactFilter('acme', 'sr-1')],
    ['template version', templateFilters.version('acme', 'default', 2)],
    ['current template', templateFilters.current('acme', 'default')],
    ['tenant settings', settingsFilter('acme')],
    ['month reviewed?', monthReviewFilter('acme', '2026-03')],
    ['relationship schedule', relationshipScheduleFilter('acme', 'cust-1')],
  ])('%s is served by a unique index', (_label, filter) => {
    expect(servedByUniqueIndex(filter, AGGREGATE_UNIQUE_INDEXES)).not.toBeNull();
  });
});
