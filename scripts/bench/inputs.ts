// What the write items send: an enrolment form's input and a household file, different on every run
// (a run's mark in names and references) so that no run's duplicate checks hide another's work.
import { emptyMember, type EnrolmentInput } from '@/lib/households/schemas';

const CONSONANTS = [...'កខគឃងចឆជឈញដឋឌឍណតថទធនបផពភមយរលវសហឡអ'];
/** A Khmer name of three consonants from the number: unlike any generated name. */
const khmerName = (n: number) =>
  `${[0, 1, 2].map((k) => CONSONANTS[Math.floor(n / CONSONANTS.length ** k) % CONSONANTS.length]).join('')}ា`;

/**
 * The i-th enrolment of a run: households spread over `villages`, their people born in different years,
 * as an officer's day of work is. (All in one village with the same two birth years, as before, every
 * run added about 1,500 people to the one group the duplicate check compares a new person with — same
 * operator, commune, sex and birth year — and the item slowed run after run: p50 14 → 25 ms in three runs.)
 */
export function enrolmentInput(villages: string[], run: number, i: number): EnrolmentInput {
  const n = run * 10_000 + i;
  const year = 1950 + (n % 50);
  return {
    household: {
      villageCode: villages[i % villages.length]!,
      addressLine: 'ផ្ទះលេខ ១២',
      idpoorNumber: '',
      idpoorLevel: '',
      phone: '',
      notes: '',
    },
    members: [
      {
        ...emptyMember('head'),
        surnameKm: khmerName(n),
        givenNameKm: khmerName(n * 7 + 3),
        sex: 'M',
        birthDate: `${year}-05-17`,
        maritalStatus: 'married',
      },
      {
        ...emptyMember('spouse'),
        surnameKm: khmerName(n * 11 + 5),
        givenNameKm: khmerName(n * 13 + 1),
        sex: 'F',
        birthDate: '',
        birthEstimated: true,
        birthYear: String(year + 4),
        maritalStatus: 'married',
      },
    ],
    confirmSimilar: true,
    khmerIdOverrideReason: '',
  } as EnrolmentInput;
}

const HEADER =
  'household_ref,village_code,address,idpoor_number,idpoor_level,household_phone,surname_km,given_name_km,surname_latin,given_name_latin,sex,birth_date,birth_year,relationship,marital_status';
/**
 * `rows` member rows in households of 1–6 people; no Khmer IDs (so that runs never collide). The
 * benchmark's database is kept from run to run, so the names are made-up Khmer ones and there are no
 * Latin names: an import must not add 100,000 Sok and Chan to what the search items look through.
 */
export function importFile(rows: number, villages: string[], run: number): Buffer {
  const lines = [HEADER];
  let row = 0;
  for (let h = 0; row < rows; h++) {
    const size = Math.min(rows - row, 1 + ((h * 7919) % 6));
    const village = villages[h % villages.length]!;
    for (let m = 0; m < size; m++, row++) {
      const year = m < 2 ? 1950 + ((h + m) % 50) : 2000 + ((h + m) % 24);
      lines.push(
        [
          `R${run}-H${h}`,
          m === 0 ? village : '',
          m === 0 ? `ផ្ទះលេខ ${h}` : '',
          '',
          '',
          '',
          khmerName(run * 7_919 + h),
          khmerName(run * 1_000_000 + row),
          '',
          '',
          m === 1 ? 'F' : 'M',
          `${year}-${String(1 + (row % 12)).padStart(2, '0')}-${String(1 + (row % 28)).padStart(2, '0')}`,
          '',
          m === 0 ? 'head' : m === 1 ? 'spouse' : 'child',
          m < 2 ? 'married' : 'single',
        ].join(','),
      );
    }
  }
  return Buffer.from(`${lines.join('\n')}\n`);
}
