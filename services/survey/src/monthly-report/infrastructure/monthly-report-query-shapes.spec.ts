import { VERSION_GUARD_INDEX, servedByUniqueIndex } from '@aftercare/persistence';
import { monthFiguresFilters } from './month-figures.store';
import { monthlyReportFilters } from './monthly-report.store';

/** The report's stores read and write by `_id` (or the version guard): docs/local-stack.md, "the rule for repository queries". */
describe("the monthly report's queries", () => {
  it.each([
    ["one owner's figures", monthFiguresFilters.one('acme', '2026-03', 'parts')],
    ["the month's figures", monthFiguresFilters.month('acme', '2026-03')],
    ['a report', monthlyReportFilters.byId('acme', '2026-03')],
    ["the trend's months", monthlyReportFilters.byIds('acme', ['2026-01', '2026-02'])],
    ['a new revision', monthlyReportFilters.versionGuard('acme', '2026-03', 2)],
  ])('%s is served by a unique index', (_label, filter) => {
    expect(servedByUniqueIndex(filter, [VERSION_GUARD_INDEX])).not.toBeNull();
  });
});
