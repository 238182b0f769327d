import { contractsRegistry, SURVEY_MONTH_FIGURES_PUBLISHED_V1 } from '@aftercare/contracts';
import { MonthFiguresPublication } from '@aftercare/month-figures';
import type { Rating } from '../../survey/domain/answers';
import type { ScoredResponse } from '../../survey/domain/scoring';
import { surveyMonthFigures } from './survey-month-figures';

const r = (criterion: string, level: number): Rating => ({ criterion, level, levels: 4, satisfied: level >= 3 });
const response = (technicianId: string | null, levels: [number, number, number, number]): ScoredResponse => ({
  technicianId,
  submittedAt: new Date('2026-03-10T00:00:00.000Z'),
  ratings: [r('commitments_kept', levels[3]), r('attitude', levels[0]), r('technical_skill', levels[1]), r('arrival_time', levels[2])],
});
const AT = new Date('2026-04-01T00:05:00Z');

describe("survey's month figures", () => {
  const figures = surveyMonthFigures('2026-03', [response('tech-wang', [4, 4, 4, 4]), response('tech-li', [4, 3, 1, 2]), response(null, [1, 4, 4, 4])]);

  it('counts satisfied over rated per criterion in the template order, and per technician', () => {
    expect(figures.byCriterion).toEqual([
      { criterion: 'attitude', label: 'Attitude', satisfied: 2, rated: 3 },
      { criterion: 'technical_skill', label: 'Technical skill', satisfied: 3, rated: 3 },
      { criterion: 'arrival_time', label: 'Arrival time', satisfied: 2, rated: 3 },
      { criterion: 'commitments_kept', label: 'Commitments kept', satisfied: 2, rated: 3 },
    ]);
    // a relationship survey (no technician) counts per criterion, not per technician
    expect(figures.byTechnician).toEqual([
      { technicianId: 'tech-li', satisfied: 2, rated: 4 },
      { technicianId: 'tech-wang', satisfied: 4, rated: 4 },
    ]);
  });

  it('is empty for a month without responses', () => {
    expect(surveyMonthFigures('2026-03', [])).toEqual({ byCriterion: [], byTechnician: [] });
  });

  it('publishes once, valid for its schema; again only when the figures change', () => {
    const publication = MonthFiguresPublication.publish('survey', 'acme', '2026-03', figures, AT);
    const [event] = publication.pendingEvents;
    publication.markPersisted(1);
    expect(event.type).toBe(SURVEY_MONTH_FIGURES_PUBLISHED_V1);
    expect(() => contractsRegistry().assertValid(SURVEY_MONTH_FIGURES_PUBLISHED_V1, event.data)).not.toThrow();
    expect(event.data).toMatchObject({ tenantId: 'acme', month: '2026-03', publishedAt: AT.toISOString() });
    expect(publication.id).toBe('acme:2026-03');

    expect(publication.republish(structuredClone(figures), new Date('2026-04-02T00:00:00Z'))).toBe(false);
    expect(publication.pendingEvents).toEqual([]);
    const later = { ...figures, byTechnician: [...figures.byTechnician, { technicianId: 'tech-zhao', satisfied: 1, rated: 4 }] };
    expect(publication.republish(later, new Date('2026-04-02T00:00:00Z'))).toBe(true);
    expect(publication.pendingEvents).toHaveLength(1);
  });
});
