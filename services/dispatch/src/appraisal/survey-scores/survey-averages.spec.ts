import { levelsOf, surveyAverages } from './survey-averages';

describe('survey averages of the technician appraisal', () => {
  it('is Σ levels / Σ ratings per technician, two decimals, over all their responses', () => {
    const averages = surveyAverages([
      levelsOf('tech-li', [{ level: 4 }, { level: 4 }, { level: 1 }, { level: 3 }]),
      levelsOf('tech-li', [{ level: 3 }, { level: 4 }, { level: 2 }, { level: 4 }]),
      levelsOf('tech-wang', [{ level: 4 }, { level: 4 }, { level: 4 }, { level: 4 }]),
    ]);
    // tech-li: 25 / 8 = 3.125
    expect(averages).toEqual({ 'tech-li': 3.13, 'tech-wang': 4 });
  });

  it('weighs a response by its ratings: a template with fewer criteria counts less', () => {
    expect(surveyAverages([levelsOf('tech-li', [{ level: 4 }, { level: 4 }]), levelsOf('tech-li', [{ level: 1 }])])).toEqual({ 'tech-li': 3 });
  });

  it('leaves out a response without ratings, and is empty for no responses', () => {
    expect(surveyAverages([levelsOf('tech-li', [])])).toEqual({});
    expect(surveyAverages([])).toEqual({});
  });
});
