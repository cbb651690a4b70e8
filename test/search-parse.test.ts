import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bigrams } from '@/lib/search/conditions';
import { decodeCursor, encodeCursor, SORTS } from '@/lib/search/cursor';
import { asciiDigits, matchKinds, parseQuery } from '@/lib/search/parse';
import { searchParamsSchema } from '@/lib/search/schema';
import { khmerKey } from '@/lib/text/normalise';

// Pure functions: how the search box's text is read, and what the parameters accept.

const KHMER = [...'កខគឃងចឆជឈញដឋឌឍណតថទធនបផពភមយរលវសហឡអាិីឹឺុូួើឿៀេែៃោៅំះ្់៉៊'];
const khmerText = fc.array(fc.constantFrom(...KHMER), { minLength: 1, maxLength: 12 }).map((a) => a.join(''));
const ZERO_WIDTH = ['\u200B', '\u200C', '\u200D', '\uFEFF'];
const digits = (n: number) =>
  fc.array(fc.constantFrom(...'0123456789'), { minLength: n, maxLength: n }).map((a) => a.join(''));

describe('reading the search box', () => {
  it('tells each kind from its shape', () => {
    expect(parseQuery('')).toEqual({ kind: 'none' });
    expect(parseQuery('  \u200B ')).toEqual({ kind: 'none' });
    expect(parseQuery('សុខ ដារា')).toEqual({ kind: 'khmerName', key: 'សុខដារា' });
    expect(parseQuery('Dara  SOK')).toEqual({ kind: 'latinName', words: ['dara', 'sok'] });
    expect(parseQuery('123456789')).toMatchObject({ kind: 'number', khmerId: '123456789', idpoor: null });
    expect(parseQuery('០១២៣៤៥៦៧៨')).toMatchObject({ kind: 'number', khmerId: '012345678' });
    expect(parseQuery('012 345 678')).toEqual({
      kind: 'number',
      khmerId: '012345678',
      phone: '+85512345678',
      idpoor: null,
    });
    expect(parseQuery('+855 97 123 4567')).toEqual({
      kind: 'number',
      khmerId: null,
      phone: '+855971234567',
      idpoor: null,
    });
    expect(parseQuery('12345678-5123')).toEqual({
      kind: 'number',
      khmerId: null,
      phone: null,
      idpoor: '12345678-5123',
    });
    expect(parseQuery('pwdf-000123')).toEqual({ kind: 'householdCode', code: 'PWDF-000123' });
    expect(parseQuery('12345')).toEqual({ kind: 'number', khmerId: null, phone: null, idpoor: null });
    expect(matchKinds(parseQuery('012 345 678'))).toEqual(['khmerId', 'phone']);
    expect(matchKinds(parseQuery('12345'))).toEqual([]);
  });

  it('reads any 9 digits as a Khmer ID, however they are spaced', () => {
    fc.assert(
      fc.property(digits(9), fc.nat(8), (d, at) => {
        const spaced = `${d.slice(0, at)} ${d.slice(at)}`;
        const q = parseQuery(spaced);
        return q.kind === 'number' && q.khmerId === d;
      }),
    );
  });

  it('reads Khmer digits as their ASCII twins', () => {
    fc.assert(
      fc.property(
        digits(12),
        (d) => asciiDigits([...d].map((c) => String.fromCharCode(0x17e0 + Number(c))).join('')) === d,
      ),
    );
  });

  it('reads any text with Khmer letters as a Khmer name, keyed like the stored names', () => {
    fc.assert(
      fc.property(khmerText, fc.string({ maxLength: 5 }), (km, rest) => {
        const q = parseQuery(`${km} ${rest}`);
        return q.kind === 'khmerName' && q.key === khmerKey(`${km} ${rest}`);
      }),
    );
  });

  it('finds the same key with zero-width characters anywhere and coeng DA for coeng TA', () => {
    fc.assert(
      fc.property(
        khmerText,
        fc.array(fc.tuple(fc.nat(), fc.constantFrom(...ZERO_WIDTH)), { maxLength: 4 }),
        (km, inserts) => {
          let noisy = km;
          for (const [at, zw] of inserts) {
            const i = at % (noisy.length + 1);
            noisy = noisy.slice(0, i) + zw + noisy.slice(i);
          }
          const lookAlike = noisy.replaceAll('\u17D2\u178F', '\u17D2\u178A');
          return (
            khmerKey(lookAlike) === khmerKey(km) && !/[\u200B-\u200D\uFEFF\s]|\u17D2\u178A/.test(khmerKey(lookAlike))
          );
        },
      ),
    );
  });

  it('makes Latin words order-insensitive, lower-case and at most four', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[A-Za-z]{1,8}$/), { minLength: 1, maxLength: 6 }), (words) => {
        const q = parseQuery(words.join(' '));
        if (q.kind === 'householdCode' || q.kind === 'number') return true;
        const reversed = parseQuery([...words].reverse().join(' '));
        return (
          q.kind === 'latinName' &&
          reversed.kind === 'latinName' &&
          q.words.length <= 4 &&
          q.words.every((w) => w === w.toLowerCase()) &&
          (words.length > 4 || [...q.words].sort().join() === [...reversed.words].sort().join())
        );
      }),
    );
  });

  it('never throws, whatever is typed', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 120, unit: 'binary' }), (s) => {
        parseQuery(s);
        return true;
      }),
    );
  });
});

describe('two-letter pieces of a Khmer key', () => {
  it('are the pieces of any fragment also pieces of the names containing it', () => {
    fc.assert(
      fc.property(khmerText, khmerText, khmerText, (before, fragment, after) => {
        const name = new Set(bigrams(`${before}${fragment}${after}`));
        return bigrams(fragment).every((b) => name.has(b));
      }),
    );
  });
});

describe('search parameters', () => {
  const parse = (p: Record<string, string>) => searchParamsSchema.safeParse(p);
  const fields = (p: Record<string, string>) => {
    const r = parse(p);
    return r.success ? {} : Object.fromEntries(r.error.issues.map((i) => [String(i.path[0]), i.message]));
  };

  it('accept a full, valid set and treat empty fields as no filter', () => {
    const r = parse({
      q: 'Sok',
      province: '01',
      district: '0102',
      sex: 'F',
      ageMin: '5',
      ageMax: '60',
      disability: 'true',
      status: 'active',
      limit: '10',
      village: '',
    });
    expect(r.success && r.data).toMatchObject({
      q: 'Sok',
      province: '01',
      sex: 'F',
      ageMin: 5,
      ageMax: 60,
      disability: true,
      limit: 10,
    });
    expect(r.success && r.data.village).toBeUndefined();
  });

  it('refuse what cannot be a name, number or code, with a message key per field', () => {
    expect(fields({ q: 'x'.repeat(101) })).toEqual({ q: 'queryTooLong' });
    expect(fields({ q: 'Sok\u0000' })).toEqual({ q: 'queryCharacters' });
    expect(fields({ q: 'Sok\u0007Dara' })).toEqual({ q: 'queryCharacters' });
    expect(fields({ q: 'a\uD800b' })).toEqual({ q: 'queryCharacters' });
    expect(fields({ q: "'; drop table members; --" })).toEqual({ q: 'queryCharacters' });
    expect(fields({ q: 'x" or 1=1' })).toEqual({ q: 'queryCharacters' });
    expect(fields({ province: "01' or '1'='1" })).toEqual({ province: 'areaCode' });
    expect(fields({ ageMin: '40', ageMax: '30' })).toEqual({ ageMax: 'ageRange' });
    expect(fields({ ageMin: '-1' })).toEqual({ ageMin: 'ageInvalid' });
    expect(fields({ ageMax: '1;select 1' })).toEqual({ ageMax: 'ageInvalid' });
    expect(fields({ province: '01', district: '0203' })).toEqual({ district: 'areaMismatch' });
    expect(fields({ sex: 'X' })).toEqual({ sex: 'invalid' });
    expect(fields({ cursor: 'not-a-cursor' })).toEqual({ cursor: 'cursorInvalid' });
    expect(fields({ limit: '1000' })).toEqual({ limit: 'invalid' });
  });

  it('refuse any control character in the search text', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 10 }),
        fc.integer({ min: 0, max: 31 }),
        (s, c) => !parse({ q: `${s}${String.fromCharCode(c)}` }).success,
      ),
    );
  });
});

describe('the keyset cursor', () => {
  it('comes back as it went', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SORTS), fc.string({ maxLength: 80 }), fc.uuid(), (o, k, i) => {
        const c = { o, k, i };
        return JSON.stringify(decodeCursor(encodeCursor(c))) === JSON.stringify(c);
      }),
    );
  });

  it('is refused, never thrown on, when forged', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 200 }),
        (s) => decodeCursor(s) === null || typeof decodeCursor(s)?.k === 'string',
      ),
    );
    expect(decodeCursor(Buffer.from('{"o":"km","k":"x","i":"1; drop"}').toString('base64url'))).toBeNull();
  });
});
