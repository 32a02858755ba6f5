import { type AppealItemV1 } from '@minsheng/shared/contracts';
import { changesBetween, type Outcome, SimulationDiffBuilder } from './simulation-diff';

const auto = (department: string, grade: Outcome['grade'] = 'general'): Outcome => ({
  mode: 'auto',
  county: '颍州区',
  countyCode: '341202',
  department,
  unitName: `颍州区${department}`,
  grade,
});
const item = (id: string, title?: string) =>
  ({ id, title, content: '联系电话13812345678，楼下烧烤油烟扰民' }) as AppealItemV1;

describe('simulation difference', () => {
  it('names each kind of change between two outcomes', () => {
    expect(changesBetween(auto('a'), auto('a'))).toEqual([]);
    expect(changesBetween(auto('a'), auto('b', 'simple'))).toEqual(['department', 'grade']);
    expect(changesBetween(auto('a'), { ...auto('a'), townCode: '341202001' })).toEqual(['jurisdiction']);
    expect(changesBetween(auto('a'), { ...auto('a'), mode: 'triage', reason: 'no_department' })).toEqual([
      'mode',
    ]);
  });

  it('counts items once in the totals and once per kind, keeps examples and department moves', () => {
    const diff = new SimulationDiffBuilder(1);
    diff.add(item('ap_1'), auto('a'), auto('a'));
    diff.add(item('ap_2', '油烟'), auto('a'), auto('b', 'simple'));
    diff.add(item('ap_3'), auto('a'), auto('b'));
    diff.add(item('ap_4'), { ...auto('c'), mode: 'triage' }, auto('c'));
    diff.fail(item('ap_5'), new Error('boom'));
    const r = diff.result();
    expect(r.totals).toEqual({ items: 5, changed: 3, unchanged: 1, failed: 1 });
    expect(r.changes).toMatchObject({ department: 2, grade: 1, mode: 1, triageToAuto: 1, autoToTriage: 0 });
    expect(r.departmentMoves).toEqual([{ from: 'a', to: 'b', items: 2 }]);
    expect(r.examples.department.map((e) => e.itemId)).toEqual(['ap_2']);
    expect(r.examples.mode.map((e) => e.itemId)).toEqual(['ap_4']);
    expect(r.failures).toEqual([{ itemId: 'ap_5', error: 'boom' }]);
  });

  it('masks phone numbers in example titles taken from the content', () => {
    const diff = new SimulationDiffBuilder(5);
    diff.add(item('ap_1'), auto('a'), auto('b'));
    expect(diff.result().examples.department[0].title).not.toContain('13812345678');
  });
});
