import { count, eq } from 'drizzle-orm';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { db } from '@/db/client';
import { households, importJobs, members, users } from '@/db/schema';
import { COLUMN_KEYS } from '@/lib/imports/columns';
import { getImportJob } from '@/lib/imports/jobs';
import { currentUser } from '@/lib/auth/session';
import { rootLogger } from '@/lib/log';
import { makeOperator, makeUser, signInAs } from '../helpers/fixtures';
import { ensureUnits } from '../helpers/households';
import { csvOf, household, importFile, reportOf, upload, type Row } from '../helpers/imports';

let operatorId: string;
let officerId: string;

async function totals() {
  const [h] = await db().select({ n: count() }).from(households).where(eq(households.operatorId, operatorId));
  const [m] = await db().select({ n: count() }).from(members).where(eq(members.operatorId, operatorId));
  return { households: h!.n, members: m!.n };
}

/** The refusal as the page shows it (English). */
async function refusalOf(jobId: string) {
  const user = await currentUser();
  return (await getImportJob({ ...user!, operatorId }, jobId, 'en')).refusal;
}

/** Imports and expects the whole file refused with this message, and nothing written. */
async function refused(body: BodyInit, message: string | RegExp) {
  const before = await totals();
  const job = await importFile(body);
  expect(job.status).toBe('refused');
  expect(await refusalOf(job.id)).toMatch(message);
  expect(await totals()).toEqual(before);
  return job;
}

/** The report's problems by row: "column: message". */
async function problems(jobId: string): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const [row, column, message] of (await reportOf(jobId)).rows.slice(1))
    (out[row!] ??= []).push(`${column}: ${message}`);
  return out;
}

beforeAll(async () => {
  await ensureUnits();
  operatorId = (await makeOperator()).id;
  officerId = (await makeUser({ operatorId, roles: ['enrolment_officer'] })).id;
  await db().update(users).set({ locale: 'en' }).where(eq(users.id, officerId));
});

beforeEach(async () => {
  await signInAs(officerId);
});

describe('files refused as a whole, with a clear message and nothing written', () => {
  it('an empty file, a header without rows, binary junk, a workbook that is not one', async () => {
    const { status, job } = await upload('');
    expect(status).toBe(201);
    expect(job).toMatchObject({ status: 'refused', refusal: 'The file is empty.' });
    await refused(csvOf([]), 'The file has a header but no rows.');
    const junk = new Uint8Array(4096).map((_, i) => (i * 7919 + 13) % 256);
    await refused(junk, 'This is not a CSV text file (UTF-8) or an Excel .xlsx file.');
    await refused(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6, 7, 8]), /Excel file could not be read/);
    await refused('name;village\r\nSok;01020101\r\n', "No header row with the template's columns was found.");
  });

  it("a file the reader fails on: the operator's log says why, with the job, and no text of the file", async () => {
    const warn = vi.fn();
    const child = vi.spyOn(rootLogger, 'child').mockReturnValue({ warn, error: vi.fn(), info: vi.fn() } as never);
    try {
      const workbook = await refused(
        new Uint8Array([0x50, 0x4b, 0x03, 0x04, 9, 9, 9, 9]),
        /Excel file could not be read/,
      );
      const csv = await refused(`${csvOf([])}"Sok Dara,unclosed\r\n`, /could not be read as CSV/);
      const lines = warn.mock.calls.map(([fields]) => fields as { jobId: string; refusal: string; reason: object });
      expect(lines.find((l) => l.jobId === workbook.id)).toMatchObject({
        event: 'import.unreadable',
        refusal: 'unreadable',
        reason: { name: 'Error', message: expect.any(String) },
      });
      const csvLine = lines.find((l) => l.jobId === csv.id);
      expect(csvLine).toMatchObject({ refusal: 'csvError', reason: { code: expect.stringMatching(/^CSV_/) } });
      expect(JSON.stringify(csvLine)).not.toContain('Dara');
    } finally {
      child.mockRestore();
    }
  });

  it("missing columns, named in the reader's language", async () => {
    const columns = COLUMN_KEYS.filter((k) => k !== 'relationship' && k !== 'given_name_km');
    await refused(
      csvOf(household('M'), { columns }),
      'Columns missing from the header: Given name (Khmer), Relationship to the head.',
    );
    await db().update(users).set({ locale: 'km' }).where(eq(users.id, officerId));
    try {
      const job = await importFile(csvOf(household('M'), { columns }));
      const user = await currentUser();
      expect((await getImportJob({ ...user!, operatorId }, job.id, 'km')).refusal).toBe(
        'ជួរឈរដែលខ្វះពីចំណងជើង៖ នាមខ្លួន (ខ្មែរ), ទំនាក់ទំនងជាមួយមេគ្រួសារ។',
      );
    } finally {
      await db().update(users).set({ locale: 'en' }).where(eq(users.id, officerId));
    }
  });

  it('a million rows, streamed: refused quickly at the row limit', async () => {
    const line = `${csvOf(household('X').slice(2, 3)).split('\r\n')[1]}\r\n`;
    const header = `${csvOf([]).trimEnd()}\r\n`;
    let sent = -1;
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === -1) controller.enqueue(encoder.encode(header));
        else if (sent < 1_000_000) controller.enqueue(encoder.encode(line.repeat(1000)));
        else controller.close();
        sent += sent === -1 ? 1 : 1000;
      },
    });
    const started = Date.now();
    await refused(body, 'The file has more than 200,000 rows. Split it into smaller files.');
    expect(Date.now() - started).toBeLessThan(60_000);
  }, 120_000);

  it('a row over a megabyte', async () => {
    const rows = household('BIG');
    rows[1]!.household_notes = 'ក'.repeat(1_100_000);
    await refused(csvOf(rows), 'Row 3 is too large to be read (over 1 MB). Check that the file is a real spreadsheet.');
  });
});

describe('rows refused with the reason, their household held back, the rest imported', () => {
  const bad = (ref: string, change: (rows: Row[]) => void) => {
    const rows = household(ref);
    change(rows);
    return rows;
  };

  it('dates, IDs, phones, heads, villages, names, enormous cells', async () => {
    const files: Row[][] = [
      bad('DATE', (r) => {
        r[0]!.birth_date = '2023-02-30';
      }),
      bad('FUTURE', (r) => {
        r[2]!.birth_date = '2999-01-01';
      }),
      bad('ID10', (r) => {
        r[0]!.khmer_id = '1234567890';
      }),
      bad('PHONE', (r) => {
        r[0]!.household_phone = '+33 6 12 34 56 78';
      }),
      bad('HEADS', (r) => {
        r[1]!.relationship = 'head';
      }),
      bad('NOHEAD', (r) => {
        r[0]!.relationship = 'parent';
      }),
      bad('VILLAGE', (r) => {
        r[0]!.village_code = '99999999';
      }),
      bad('LATIN', (r) => {
        r[0]!.surname_latin = "Sok'); DROP TABLE members;--";
      }),
      bad('HUGE', (r) => {
        r[2]!.given_name_km = 'ក'.repeat(50_000);
      }),
      bad('BYTES', (r) => {
        r[1]!.given_name_km = 'សុ\uFFFDភា';
      }),
      bad('SEX', (r) => {
        r[2]!.sex = 'X';
      }),
      bad('DIFF', (r) => {
        r[1]!.village_code = '01020102';
      }),
    ];
    const good = bad('GOOD', (r) => {
      r[0]!.address = '<script>alert(1)</script> ផ្ទះ\u0007លេខ ៥';
      r[0]!.household_notes = '=HYPERLINK("http://x","y")';
    });
    const before = await totals();
    const job = await importFile(csvOf([...files.flat(), ...good]));
    expect(job).toMatchObject({
      status: 'done',
      totalRows: 39,
      invalidRows: 36,
      createdHouseholds: 1,
      createdMembers: 3,
    });
    expect(await totals()).toEqual({ households: before.households + 1, members: before.members + 3 });

    const p = await problems(job.id);
    expect(p['2']).toEqual(['Date of birth: This date does not exist.']);
    expect(p['3']).toEqual([': Not imported because another row of this household has a problem.']);
    expect(p['7']).toEqual(['Date of birth: This date is in the future.']);
    expect(p['8']).toEqual(['Khmer ID number: A Khmer ID has 9 digits.']);
    expect(p['11']).toEqual(['Household phone: Enter a valid Cambodian phone number, e.g. 012 345 678.']);
    expect(p['14']).toEqual(['Relationship to the head: Only one member can be head of household.']);
    expect(p['15']).toEqual(['Relationship to the head: Only one member can be head of household.']);
    expect(p['17']).toEqual(['Relationship to the head: Choose one member as head of household.']);
    expect(p['20']).toEqual(['Village code: This village is not in the gazetteer (or no longer exists).']);
    expect(p['23']).toEqual(['Surname (Latin letters): Use Latin letters only.']);
    expect(p['28']).toEqual(['Given name (Khmer): This is too long.']);
    expect(p['30']).toEqual(['Given name (Khmer): This contains characters that cannot be stored. Retype it.']);
    expect(p['34']).toEqual(['Sex: Unknown value. Use one of: F, M.']);
    expect(p['36']).toEqual(['Village code: This household value differs from row 35 of the same household.']);
    expect(Object.keys(p)).toHaveLength(36);

    // Markup and formulas are data: stored as typed (control characters cleaned), never run.
    const [h] = await db()
      .select()
      .from(households)
      .where(
        eq(
          households.importKey,
          (
            await db()
              .select({ k: households.importKey })
              .from(households)
              .where(eq(households.addressLine, '<script>alert(1)</script> ផ្ទះ លេខ ៥'))
          )[0]!.k!,
        ),
      );
    expect(h!.notes).toBe('=HYPERLINK("http://x","y")');
    const [first] = await db().select().from(importJobs).where(eq(importJobs.id, job.id));
    expect(first!.status).toBe('done');
  });

  it('names every problem of a row at once: an unknown village beside a bad date and a bad ID', async () => {
    const rows = bad('MANY', (r) => {
      r[0]!.village_code = '99999999';
      r[0]!.birth_date = '2023-02-30';
      r[0]!.khmer_id = '1234567890';
    });
    const job = await importFile(csvOf(rows));
    expect(job).toMatchObject({ status: 'done', invalidRows: 3, createdHouseholds: 0 });
    const p = await problems(job.id);
    expect(p['2']).toHaveLength(3);
    expect(p['2']).toEqual(
      expect.arrayContaining([
        'Date of birth: This date does not exist.',
        'Khmer ID number: A Khmer ID has 9 digits.',
        'Village code: This village is not in the gazetteer (or no longer exists).',
      ]),
    );
  });

  it('a household of more than 50 rows (every row under one reference, say) is refused row by row', async () => {
    const crowd = Array.from({ length: 60 }, (_, i) => ({
      ...household('ONE')[i % 3]!,
      given_name_km: `ក${'ខ'.repeat(i % 7)}`,
    }));
    const before = await totals();
    const job = await importFile(csvOf([...crowd, ...household('FINE')]));
    expect(job).toMatchObject({
      status: 'done',
      totalRows: 63,
      invalidRows: 60,
      createdHouseholds: 1,
      createdMembers: 3,
    });
    expect(await totals()).toEqual({ households: before.households + 1, members: before.members + 3 });
    const p = await problems(job.id);
    expect(Object.keys(p)).toHaveLength(60);
    expect(p['61']).toEqual(['Household reference: A household can have at most 50 members.']);
  });

  it('keeps the original values in the report, shortened, and defuses formulas', async () => {
    const rows = household('RAW');
    rows[0]!.birth_date = '30/02/2023';
    rows[0]!.address = '=1+2';
    rows[1]!.household_notes = 'x'.repeat(1000);
    const job = await importFile(csvOf(rows));
    const { rows: report } = await reportOf(job.id);
    const header = report[0]!;
    expect(header.slice(0, 4)).toEqual(['Row', 'Column', 'Problem', 'លេខយោងគ្រួសារ / Household reference']);
    const line = report[1]!;
    expect(line[header.indexOf('ថ្ងៃខែឆ្នាំកំណើត / Date of birth')]).toBe('30/02/2023');
    expect(line[header.indexOf('ផ្ទះលេខ ផ្លូវ / House number, street')]).toBe("'=1+2");
    expect(report[2]![header.indexOf('កំណត់សម្គាល់គ្រួសារ / Household notes')]).toBe(`${'x'.repeat(300)}…`);
    expect(report[1]!.slice(0, 3)).toEqual(['2', 'Date of birth', 'This date does not exist.']);
  });
});
