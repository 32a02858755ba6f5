import { unzip } from '../../../../test/support/unzip';
import { columnName, toCsv, toXlsx } from './stats-export';

const table = {
  headers: ['county', 'received', 'closeRate'],
  rows: [
    ['颍上县, "east"', 12, 0.5],
    ['=cmd()', 0, null],
  ],
};

describe('statistics export', () => {
  it('writes CSV with a BOM, quoting and no formula at the start of a text cell', () => {
    const text = toCsv(table).toString('utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text.slice(1).split('\r\n')).toEqual([
      'county,received,closeRate',
      '"颍上县, ""east""",12,0.5',
      "'=cmd(),0,",
      '',
    ]);
  });

  it('names columns like a spreadsheet', () => {
    expect([0, 25, 26, 27, 51, 52, 701, 702].map(columnName)).toEqual([
      'A',
      'Z',
      'AA',
      'AB',
      'AZ',
      'BA',
      'ZZ',
      'AAA',
    ]);
  });

  it('writes an xlsx whose zip holds the package parts and a sheet with the cells', () => {
    const files = unzip(toXlsx(table));
    expect([...files.keys()].sort()).toEqual([
      '[Content_Types].xml',
      '_rels/.rels',
      'xl/_rels/workbook.xml.rels',
      'xl/workbook.xml',
      'xl/worksheets/sheet1.xml',
    ]);
    const sheet = files.get('xl/worksheets/sheet1.xml')!;
    expect(sheet).toContain(
      '<c r="A2" t="inlineStr"><is><t xml:space="preserve">颍上县, &quot;east&quot;</t></is></c>',
    );
    expect(sheet).toContain('<c r="B2"><v>12</v></c><c r="C2"><v>0.5</v></c>');
    // An empty rate is an empty cell, not a zero.
    expect(sheet).toContain('<c r="B3"><v>0</v></c></row>');
    expect(files.get('[Content_Types].xml')).toContain('/xl/worksheets/sheet1.xml');
  });
});
