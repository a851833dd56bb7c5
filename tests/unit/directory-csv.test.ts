import { describe, expect, it } from 'vitest';
import { MAX_IMPORT_ERRORS, MAX_IMPORT_ROWS, type DirectoryEntry } from '../../lib/directory';
import { directoryCsv, parseDirectoryCsv, unguardFormula } from '../../lib/directory-csv';

const teams = new Map([
  ['Seattle', 't-sea'],
  ['Support; night', 't-odd'],
  ['Ünïcödé 👋', 't-uni'],
]);
const HEADER = 'raw_id,display_name,kind,teams';

describe('directory CSV import', () => {
  it('reads rows with team names, quotes, a BOM, CRLF and blank lines', () => {
    const text = `\uFEFF${HEADER}\r\n8:acs:res_derek,Derek,agent,Seattle\r\n\r\n"4:+14255550117","Smith, Jane",Customer,\n8:acs:res_bot,"Ava ""the bot""",bot,Seattle; Ünïcödé 👋 ;\n`;
    expect(parseDirectoryCsv(text, teams)).toEqual({
      ok: true,
      rows: [
        { line: 2, rawId: '8:acs:res_derek', displayName: 'Derek', kind: 'agent', teamIds: ['t-sea'] },
        { line: 4, rawId: '4:+14255550117', displayName: 'Smith, Jane', kind: 'customer', teamIds: [] },
        { line: 5, rawId: '8:acs:res_bot', displayName: 'Ava "the bot"', kind: 'bot', teamIds: ['t-sea', 't-uni'] },
      ],
    });
  });

  it('lists every bad row with its line, and accepts none of the file', () => {
    const text = [
      HEADER,
      '8:acs:ok,Fine,agent,',
      ',No id,agent,',
      '8:acs:x,,agent,',
      '8:acs:y,Y,boss,',
      '8:acs:z,Z,agent,Nowhere',
      '8:acs:ok,Again,agent,',
      'too,few',
      `8:acs:${'a'.repeat(300)},Long,agent,`,
      '"8:acs:multi\nline",M,agent,',
      ' 8:acs:spaced,S,agent,',
    ].join('\n');
    const parsed = parseDirectoryCsv(text, teams);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors.map((error) => error.line)).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 12]);
    expect(parsed.errors[0]?.message).toMatch(/^raw_id: /);
    expect(parsed.errors[1]?.message).toMatch(/^display_name: /);
    expect(parsed.errors[2]?.message).toMatch(/^kind: A kind is one of agent, bot, customer/);
    expect(parsed.errors[3]?.message).toBe('teams: there is no team called “Nowhere”.');
    expect(parsed.errors[4]?.message).toBe('raw_id: 8:acs:ok is already on line 2.');
    expect(parsed.errors[5]?.message).toMatch(/^Expected 4 cells/);
    expect(parsed.errors[7]?.message).toBe('raw_id: A raw id has no control characters.');
    expect(parsed.errors[8]?.message).toBe('raw_id: A raw id has no spaces at either end.');
  });

  it('refuses a wrong header, an empty file, broken quoting and too many rows', () => {
    expect(parseDirectoryCsv('id,name\n1,2\n', teams)).toMatchObject({ ok: false, errors: [{ line: 1, message: `The header must be ${HEADER}.` }] });
    expect(parseDirectoryCsv('', teams)).toMatchObject({ ok: false, errors: [{ line: 1 }] });
    expect(parseDirectoryCsv(`${HEADER}\n8:acs:a,"Open,agent,\n`, teams)).toMatchObject({ ok: false, errors: [{ line: 2, message: expect.stringMatching(/^Not valid CSV/) }] });
    const many = [HEADER, ...Array.from({ length: MAX_IMPORT_ROWS + 1 }, (_, index) => `8:acs:${index},N,agent,`)].join('\n');
    expect(parseDirectoryCsv(many, teams)).toMatchObject({ ok: false, errors: [{ line: 1, message: expect.stringMatching(/at most 10,000 rows/) }] });
  });

  it('lists at most MAX_IMPORT_ERRORS errors and counts them all', () => {
    const bad = [HEADER, ...Array.from({ length: MAX_IMPORT_ERRORS + 20 }, (_, index) => `8:acs:${index},N,nope,`)].join('\n');
    const parsed = parseDirectoryCsv(bad, teams);
    expect(parsed).toMatchObject({ ok: false, errorCount: MAX_IMPORT_ERRORS + 20 });
    if (!parsed.ok) expect(parsed.errors).toHaveLength(MAX_IMPORT_ERRORS);
  });
});

describe('directory CSV export', () => {
  const entries: DirectoryEntry[] = [
    { rawId: '8:acs:res_derek', displayName: 'Derek', kind: 'agent', teamIds: ['t-sea', 't-uni'], updatedAt: 1 },
    { rawId: '4:+14255550117', displayName: '=HYPERLINK("http://evil")', kind: 'customer', teamIds: [], updatedAt: 1 },
    { rawId: '8:acs:res_bot', displayName: '-1+2, "quoted" name', kind: 'bot', teamIds: ['gone'], updatedAt: 1 },
    { rawId: '8:acs:at', displayName: '@mention', kind: 'agent', teamIds: [], updatedAt: 1 },
  ];

  it('guards formulas, quotes what needs it and names teams', () => {
    const csv = directoryCsv(entries, new Map([...teams].map(([name, id]) => [id, name])));
    expect(csv.startsWith(`\uFEFF${HEADER}\r\n`)).toBe(true);
    expect(csv).toContain(`8:acs:res_derek,Derek,agent,Seattle;Ünïcödé 👋\r\n`);
    expect(csv).toContain(`4:+14255550117,"'=HYPERLINK(""http://evil"")",customer,\r\n`);
    expect(csv).toContain(`8:acs:at,'@mention,agent,\r\n`);
    // A team deleted since is left out.
    expect(csv).toContain(`,bot,\r\n`);
  });

  it('round-trips through the import', () => {
    const csv = directoryCsv(entries, new Map([...teams].map(([name, id]) => [id, name])));
    const parsed = parseDirectoryCsv(csv, teams);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.rows.map(({ rawId, displayName, kind, teamIds }) => ({ rawId, displayName, kind, teamIds }))).toEqual([
      { rawId: '8:acs:res_derek', displayName: 'Derek', kind: 'agent', teamIds: ['t-sea', 't-uni'] },
      { rawId: '4:+14255550117', displayName: '=HYPERLINK("http://evil")', kind: 'customer', teamIds: [] },
      { rawId: '8:acs:res_bot', displayName: '-1+2, "quoted" name', kind: 'bot', teamIds: [] },
      { rawId: '8:acs:at', displayName: '@mention', kind: 'agent', teamIds: [] },
    ]);
  });

  it('takes off only the guard it added', () => {
    expect(unguardFormula("'=1")).toBe('=1');
    expect(unguardFormula("'-x")).toBe('-x');
    expect(unguardFormula("'plain")).toBe("'plain");
    expect(unguardFormula('=1')).toBe('=1');
  });
});
