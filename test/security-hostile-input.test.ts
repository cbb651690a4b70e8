import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { NextRequest } from 'next/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { rowsOf } from '@/db/rows';
import { apiRoutes, type ApiRoute } from '@/lib/api/routes';
import { sessionCookieName } from '@/lib/auth/cookies';
import type { Rule, Rules } from './access-rules/types';
import { makeOperator, makeUser, signInAs } from './helpers/fixtures';
import { cookieJar, resetRequest } from './helpers/request';

/**
 * The hostile-input corpus (issue 12, point 4). Every route handler under app/api/v1 and every server
 * action (every export of a 'use server' module under app/) is found on disk, so a new one is covered
 * without editing this file, and called with fast-check-generated hostile input, signed out and as
 * users of several roles. Whatever the input: no 5xx, no `INTERNAL`, and nothing written — the row
 * count of every table and the audit trail's last id are the same before and after each entry point.
 *
 * Inputs must be invalid (a valid one may legitimately write): actions get either a hostile value in
 * place of their whole input, or their valid input (from test/access-rules) with a field (at any
 * depth) and a top-level field replaced by values of the wrong type; an input an action accepts is
 * reported as a generator fault. Routes get malformed ids, ids naming nothing, or query strings their
 * own schema refuses, and every query parameter is tried alone with a value of every kind. A JSON GET
 * writes nothing by nature, so it also gets hostile values its schema accepts, with the ids of real
 * records. HOSTILE_SEED=<n> repeats a run.
 */

const root = path.resolve(import.meta.dirname, '..');
const rel = (f: string) => path.relative(root, f).split(path.sep).join('/');
function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}
const SERVER_MODULE = /^(?:\s|\/\/[^\n]*\n|\/\*[\s\S]*?\*\/)*['"]use server['"]/;
const routeFiles = files(path.join(root, 'app', 'api', 'v1'))
  .filter((f) => /^route\.tsx?$/.test(path.basename(f)))
  .map(rel);
const actionFiles = files(path.join(root, 'app'))
  .filter((f) => /\.tsx?$/.test(f) && SERVER_MODULE.test(readFileSync(f, 'utf8')))
  .map(rel);
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

// Runs per entry point and caller: the refused callers go no further than the guard, so fewer.
const RUNS_ALLOWED = 10;
const RUNS_REFUSED = 2;
const seed = Number(process.env.HOSTILE_SEED ?? Date.now() % 1_000_000);

/** An action that takes no input at all: any arguments are valid, so it is called signed out only. */
const TAKES_NO_INPUT: Record<string, string> = {
  'app/actions.ts#signOutAction': 'ends the caller’s session whatever it is given',
};

// ---- hostile values ----------------------------------------------------------------------------

const loneSurrogates = fc.constantFrom('\uD800', '\uDFFF', 'a\uDC00b', '\uD83D');
const nasty = fc.constantFrom(
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '%00',
  '%d8',
  '%ff',
  '$where',
  '$gt',
  '$ne',
  '${7*7}',
  '__proto__',
  'constructor',
  'prototype',
  "'; drop table members; --",
  '../../etc/passwd',
  '<script>alert(1)</script>',
  '=cmd|"/c calc"!A1',
  'NaN',
  'Infinity',
  '-1',
  '1e400',
  '2147483648',
  '9223372036854775808',
  '99999999999999999999999999',
  '0x10',
  '-0',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '------------------------------------',
  'null',
  'undefined',
  '{}',
  '[]',
  'true',
  '\u202Eevil',
  '١٢٣',
  '𝟘𝟙𝟚',
  'x'.repeat(10_000),
);
/** Forged paging cursors: well-formed base64url, hostile inside (a NUL in the sort key was a 500). */
const forgedToken = fc.constantFrom(
  ...['km', 'km-icu', 'latin'].flatMap((o) =>
    ['a\u0000b', '\u0000', 'a\u0001'].map((k) =>
      Buffer.from(JSON.stringify({ o, k, i: '00000000-0000-4000-8000-000000000000' })).toString('base64url'),
    ),
  ),
  Buffer.from(JSON.stringify({ o: 'km', k: '\uD800', i: 'x', __proto__: 1 })).toString('base64url'),
  Buffer.from('[1,{"o":"km"}]').toString('base64url'),
  Buffer.from('2026-01-01T00:00:00.000Z|------------------------------------').toString('base64url'),
  Buffer.from('0000-01-01T00:00:00.000Z|00000000-0000-4000-8000-000000000000').toString('base64url'),
  Buffer.from('+275760-09-13T00:00:00.000Z|00000000-0000-4000-8000-000000000000').toString('base64url'),
);
const anyChar = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
/** Numbers as a query string carries them, past the columns' ranges. */
const numberish = fc.constantFrom('2147483648', '-2147483649', '9007199254740993', '1e21', '0.5', '-0', '1_000');
/** Dates JavaScript parses and PostgreSQL does not (year 0), or that do not exist. */
const dateish = fc.constantFrom('0000-01-01', '-0001-01-01', '9999-12-31', '10000-01-01', '2026-02-30', '2026-13-01');
/** Ordinary text with a NUL inside: PostgreSQL refuses it in text. */
const withNul = fc.tuple(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 })).map(([a, b]) => `${a}\u0000${b}`);
/** Ordinary text with a control character or a lone surrogate inside. */
const withControl = fc
  .tuple(
    fc.string({ maxLength: 8 }),
    fc.constantFrom('\u0000', '\u0001', '\u001f', '\u007f', '\uD800'),
    fc.string({ maxLength: 8 }),
  )
  .map(([a, c, b]) => `${a}${c}${b}`);
const dollarString = fc.string({ maxLength: 20 }).map((s) => `$${s}`);
const hugeString = fc.integer({ min: 20_000, max: 200_000 }).map((n) => 'ក'.repeat(n));
/** One of each kind, for every query parameter of every route (see perParameter). */
const STRING_KINDS = [
  nasty,
  withNul,
  withControl,
  forgedToken,
  numberish,
  dateish,
  loneSurrogates,
  dollarString,
  hugeString,
];
const hostileString = fc.oneof(
  { arbitrary: nasty, weight: 3 },
  { arbitrary: withNul, weight: 2 },
  { arbitrary: withControl, weight: 2 },
  forgedToken,
  numberish,
  dateish,
  loneSurrogates,
  fc.string({ unit: anyChar, maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  dollarString,
  hugeString,
);
const hostileNumber = fc.oneof(
  fc.constantFrom(NaN, Infinity, -Infinity, 1e308, -1e308, 2 ** 31, 2 ** 53 + 2, -(2 ** 63), 0.5, -0),
  fc.double(),
  fc.integer(),
);
const POLLUTION_KEYS = ['__proto__', 'constructor', 'prototype', '$where', '$set', 'toString', 'hasOwnProperty'];
/** An object whose own keys include prototype-pollution names (JSON.parse makes `__proto__` an own key). */
const pollutingObject = (value: fc.Arbitrary<unknown>) =>
  fc
    .tuple(fc.constantFrom(...POLLUTION_KEYS), value, fc.dictionary(hostileString, value, { maxKeys: 3 }))
    .map(([key, v, rest]) => {
      const o = JSON.parse(`{"${key}": {"polluted": true}}`) as Record<string, unknown>;
      Object.assign(o, rest);
      if (key !== '__proto__') o[key] = v;
      return o;
    });
const nested = (depth: number, inner: unknown, asObject: boolean): unknown => {
  let v = inner;
  for (let i = 0; i < depth; i++) v = asObject ? { a: v } : [v];
  return v;
};
const deepNesting = fc
  .tuple(fc.integer({ min: 50, max: 5000 }), fc.boolean())
  .map(([d, asObject]) => nested(d, '$x', asObject));
const formData = fc
  .array(fc.tuple(hostileString, fc.oneof(hostileString, fc.constant(null))), { maxLength: 5 })
  .map((entries) => {
    const f = new FormData();
    for (const [k, v] of entries) {
      if (v === null) f.append(k, new Blob([new Uint8Array([0, 255, 0])]), '../x.bin');
      else f.append(k, v);
    }
    f.append('$ACTION_ID_x', '{');
    return f;
  });
/** Values React's action encoding can carry besides JSON. */
const exotic = fc.constantFrom<unknown>(
  new Date(NaN),
  new Date(8.64e15),
  new Map([['__proto__', 1]]),
  new Set([1, '$x']),
  10n ** 40n,
  new Uint8Array([0, 1, 2]),
  Symbol.for('x'),
);
const { tree } = fc.letrec<{ tree: unknown; leaf: unknown }>((tie) => ({
  leaf: fc.oneof(hostileString, hostileNumber, fc.boolean(), fc.constant(null)),
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    tie('leaf'),
    fc.array(tie('tree'), { maxLength: 4 }),
    fc.dictionary(hostileString, tie('tree'), { maxKeys: 4 }),
    pollutingObject(tie('leaf')),
  ),
}));
/** A whole action input that no action accepts (never undefined or an empty object, which noInput takes). */
const hostileWhole = fc
  .oneof(hostileString, hostileNumber, fc.boolean(), fc.constant(null), deepNesting, formData, exotic, tree)
  // An object without own keys (a Date, a Map, {}) passes noInput's z.object({}).strict(): valid, not hostile.
  .filter(
    (v) =>
      v !== undefined && !(typeof v === 'object' && v !== null && !Array.isArray(v) && Reflect.ownKeys(v).length === 0),
  );

/** A value that cannot stand where `original` stood: a different type (and no null where a string was). */
function wrongType(original: unknown): fc.Arbitrary<unknown> {
  const structures = fc.oneof(deepNesting, pollutingObject(hostileString), fc.array(hostileString, { minLength: 1 }));
  const badNumbers = fc.constantFrom(NaN, Infinity, -Infinity, 1e308, -1e308);
  if (typeof original === 'string') return fc.oneof(structures, badNumbers, fc.boolean(), exotic);
  // No booleans for a number: z.coerce.number() reads true as 1.
  if (typeof original === 'number')
    return fc.oneof(
      structures,
      badNumbers,
      nasty.filter((s) => Number.isNaN(Number(s)) && s !== ''),
    );
  if (typeof original === 'boolean') return fc.oneof(structures, badNumbers, fc.constantFrom('$x', '\u0000'));
  if (Array.isArray(original))
    return fc.oneof(
      pollutingObject(hostileString),
      badNumbers,
      nasty.filter((s) => s !== ''),
      deepNesting,
    );
  return fc.oneof(
    badNumbers,
    nasty.filter((s) => s !== ''),
    fc.array(hostileString),
    deepNesting,
  );
}

/** Which field each mutated input broke, for the report. */
const mutations = new WeakMap<object, string>();

/** Paths to the fields of a valid input, down to a few levels. */
function fieldPaths(value: unknown, prefix: (string | number)[] = [], depth = 0): (string | number)[][] {
  if (depth > 3 || value === null || typeof value !== 'object') return [];
  const entries: [string | number, unknown][] = Array.isArray(value)
    ? value.slice(0, 3).map((v, i) => [i, v])
    : Object.entries(value as Record<string, unknown>);
  return entries.flatMap(([k, v]) => [[...prefix, k], ...fieldPaths(v, [...prefix, k], depth + 1)]);
}
/** A copy of `value` with the field at `at` replaced (only the objects along the path are copied). */
function withField(value: unknown, at: (string | number)[], replacement: unknown): unknown {
  if (!at.length) return replacement;
  const [k, ...rest] = at;
  const node = value as Record<string | number, unknown>;
  const copy = (Array.isArray(node) ? [...(node as unknown[])] : { ...node }) as Record<string | number, unknown>;
  copy[k!] = withField(node[k!], rest, replacement);
  return copy;
}

/**
 * The valid input with one field (at any depth) made the wrong type, and one top-level field too: a
 * lenient part of a form (the rule editor reads a non-string as "empty") would otherwise make a valid
 * input, which may write.
 */
function mutated(valid: unknown): fc.Arbitrary<unknown> {
  const at = (p: (string | number)[]) => p.reduce<unknown>((n, k) => (n as Record<string | number, unknown>)[k], valid);
  const paths = fieldPaths(valid).filter((p) => at(p) !== null && at(p) !== undefined);
  const top = paths.filter((p) => p.length === 1);
  if (!top.length) return hostileWhole;
  return fc
    .tuple(fc.constantFrom(...paths), fc.constantFrom(...top))
    .chain(([deep, first]) =>
      fc.tuple(fc.constant(deep), wrongType(at(deep)), fc.constant(first), wrongType(at(first))),
    )
    .map(([deep, bad, first, bad2]) => {
      const input = withField(withField(valid, deep, bad), first, bad2);
      if (input && typeof input === 'object')
        mutations.set(input, `${deep.join('.')} = ${show(bad)}; ${first.join('.')} = ${show(bad2)}`);
      return input;
    });
}

// ---- callers, records, fingerprint -------------------------------------------------------------

interface Caller {
  label: string;
  token: string | null;
  /** Let in by most entry points: gets the full number of runs. */
  broad: boolean;
}
const callers: Caller[] = [];
function actAs(c: Caller) {
  resetRequest();
  if (c.token) cookieJar.set(sessionCookieName(), c.token);
}

let fingerprintSql: string;
async function fingerprint(): Promise<string> {
  return JSON.stringify(rowsOf(await db().execute(sql.raw(fingerprintSql)))[0]);
}

const RULES: Rules = {};
const ruleFiles = readdirSync(path.join(root, 'test', 'access-rules')).filter(
  (f) => !['types.ts', 'seed.ts'].includes(f) && f.endsWith('.ts'),
);

type Fn = (...args: unknown[]) => Promise<unknown>;
interface Tally {
  calls: number;
  fiveHundreds: string[];
  internal: string[];
  accepted: string[];
}
const tally: Tally = { calls: 0, fiveHundreds: [], internal: [], accepted: [] };
let operatorId: string;

const show = (v: unknown) => {
  try {
    const s = JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? `${x}n` : x));
    return (s ?? String(v)).slice(0, 160);
  } catch {
    return Object.prototype.toString.call(v);
  }
};

beforeAll(async () => {
  for (const f of ruleFiles)
    Object.assign(RULES, ((await import(path.join(root, 'test', 'access-rules', f))) as { rules: Rules }).rules);
  operatorId = (await makeOperator()).id;
  const add = async (label: string, broad: boolean, o: Parameters<typeof makeUser>[0] | null) => {
    let token: string | null = null;
    if (o) {
      await signInAs((await makeUser(o)).id);
      token = cookieJar.get(sessionCookieName())!;
    }
    callers.push({ label, token, broad });
  };
  await add('signed out', false, null);
  await add('platform administrator', false, { isPlatformAdmin: true });
  await add('operator_admin', true, { operatorId, roles: ['operator_admin'] });
  await add('enrolment_officer + payment_officer', true, {
    operatorId,
    roles: ['enrolment_officer', 'payment_officer'],
  });
  await add('payment_approver + grievance_officer', true, {
    operatorId,
    roles: ['payment_approver', 'grievance_officer'],
  });
  await add('viewer', false, { operatorId, roles: ['viewer'] });
  const tables = rowsOf<{ name: string }>(
    await db().execute(sql`select tablename as name from pg_tables where schemaname = 'public' order by 1`),
  ).map((t) => t.name);
  fingerprintSql = `select ${tables.map((t) => `(select count(*) from public."${t}")::int as "${t}"`).join(', ')},
    (select coalesce(max(id), 0) from public.audit_log)::text as audit_last_id`;
});

// ---- actions -----------------------------------------------------------------------------------

async function callAction(key: string, fn: Fn, input: unknown) {
  tally.calls++;
  try {
    const result = (await fn(input)) as { ok?: boolean; code?: string } | undefined;
    if (result?.ok === false && result.code === 'INTERNAL') tally.internal.push(`${key} ← ${show(input)}`);
    // Accepted: the generator made a valid input (which may write), not what this corpus is for.
    if (result?.ok === true)
      tally.accepted.push(
        `${key} accepted ${(input && typeof input === 'object' && mutations.get(input)) || show(input)}`,
      );
  } catch (e) {
    // redirect() and notFound() are how Next ends an action on purpose; anything else would be a 500.
    const digest = String((e as { digest?: string }).digest ?? '');
    if (/^NEXT_(REDIRECT|HTTP_ERROR_FALLBACK)/.test(digest)) return;
    tally.fiveHundreds.push(`${key} threw ${String(e).slice(0, 200)} ← ${show(input)}`);
  }
}

// ---- routes ------------------------------------------------------------------------------------

/** The route's description in lib/api/routes.ts, from its folder (`[id]` ↔ `{id}`). */
function specOf(file: string, method: string): ApiRoute | undefined {
  const p = `/${file.replace(/^app\//, '').replace(/\/route\.tsx?$/, '')}`.replace(/\[(\w+)\]/g, '{$1}');
  return Object.values(apiRoutes as Record<string, ApiRoute>).find(
    (r) => r.path === p && r.method === method.toLowerCase(),
  );
}
const paramNames = (file: string) => [...file.matchAll(/\[(\w+)\]/g)].map((m) => m[1]!);
const hostileId = fc.oneof(hostileString, fc.uuid({ version: [1, 2, 3, 4, 5, 6, 7, 8] }));
const hostileQuery = fc.dictionary(fc.oneof(hostileString, fc.constantFrom(...POLLUTION_KEYS)), hostileString, {
  maxKeys: 4,
});
/** Bodies a client might hand-build: broken JSON, deep nesting, NULs, bytes, a multipart with a lying boundary. */
const hostileBody = fc.oneof(
  fc.constantFrom(
    '{',
    'null',
    '[]',
    `${'['.repeat(5000)}${']'.repeat(5000)}`,
    '{"__proto__":{"admin":true}}',
    '"$where"',
    '\u0000\u0000',
    '--x\r\nContent-Disposition: form-data; name="file"; filename="../../a.csv"\r\n\r\n=1+1\r\n--x--',
  ),
  fc.uint8Array({ maxLength: 2000 }),
  tree.map((v) => JSON.stringify(v) ?? 'null'),
);
const contentTypes = fc.constantFrom(
  'application/json',
  'multipart/form-data; boundary=x',
  'multipart/form-data',
  'text/csv',
  'application/octet-stream',
  'image/jpeg',
  '$x/',
);

interface RouteCall {
  params: Record<string, string>;
  query: Record<string, string>;
  body?: string | Uint8Array;
  contentType?: string;
}

async function callRoute(key: string, fn: Fn, file: string, c: RouteCall) {
  tally.calls++;
  const url = new URL(`http://localhost/${file.replace(/^app\//, '').replace(/\/route\.tsx?$/, '')}`);
  for (const [k, v] of Object.entries(c.query)) url.searchParams.append(k, v);
  const method = key.split('#')[1]!;
  const headers = c.contentType ? { 'content-type': c.contentType } : undefined;
  let res: Response;
  try {
    res = (await fn(new NextRequest(url, { method, body: c.body as BodyInit | undefined, headers }), {
      params: Promise.resolve(c.params),
    })) as Response;
  } catch (e) {
    tally.fiveHundreds.push(`${key} threw ${String(e).slice(0, 200)} ← ${show(c)}`);
    return;
  }
  const text = await res.text().catch(() => '');
  if (res.status >= 500) tally.fiveHundreds.push(`${key} ${res.status} ${text.slice(0, 120)} ← ${show(c)}`);
}

// Opaque tokens (paging cursors) are where forgeries hide: aimed at more often, mostly with forged ones.
const tokenLike = (k: string) => /cursor|token|after|before/i.test(k);
const valueFor = (k: string) =>
  tokenLike(k)
    ? fc.oneof({ arbitrary: forgedToken, weight: 3 }, { arbitrary: hostileString, weight: 1 })
    : hostileString;

/** Query strings aimed at the route's own parameters (hostile values for some of them), and others. */
function aimedQueries(query: ApiRoute['query']): fc.Arbitrary<Record<string, string>> {
  const known = Object.keys(query?.shape ?? {});
  if (!known.length) return hostileQuery;
  const one = fc.oneof(...known.map((k) => ({ arbitrary: fc.constant([k]), weight: tokenLike(k) ? 4 : 1 })));
  // Mostly one parameter at a time: with several hostile ones, the first refused hides the others.
  return fc
    .tuple(
      fc.oneof({ arbitrary: one, weight: 3 }, { arbitrary: fc.subarray(known, { minLength: 1 }), weight: 1 }),
      fc.tuple(...known.map(valueFor)),
      hostileQuery,
    )
    .map(([keys, values, extra]) => ({
      ...extra,
      ...Object.fromEntries(keys.map((k) => [k, values[known.indexOf(k)]!])),
    }));
}

interface RouteInputs {
  arb: fc.Arbitrary<RouteCall>;
  /** Each query parameter alone with a value of every kind, so that every one is tried whatever the draw. */
  perParameter: fc.Arbitrary<RouteCall>[];
  /** Whether this call must be refused: only such calls are sent (see the file's comment). */
  usable: (c: RouteCall) => boolean;
}

function routeInputs(file: string, method: string, real: Record<string, string> | undefined): RouteInputs {
  const spec = specOf(file, method);
  const names = paramNames(file);
  const body = method === 'GET' ? fc.constant(undefined) : hostileBody;
  const contentType = method === 'GET' ? fc.constant(undefined) : contentTypes;
  const badParams = fc
    .tuple(...names.map(() => hostileId))
    .map((ids) => Object.fromEntries(names.map((n, i) => [n, ids[i]!])));
  const arb = fc.oneof(
    fc.record({ params: badParams, query: aimedQueries(spec?.query), body, contentType }),
    fc.record({ params: fc.constant(real ?? {}), query: aimedQueries(spec?.query), body, contentType }),
  );
  // A JSON GET writes nothing, so any call will do (hostile values its schema accepts, for real records too).
  const readOnly = method === 'GET' && spec !== undefined && !('files' in spec.response);
  const namesNothing = (c: RouteCall) => names.length > 0 && names.some((n) => c.params[n] !== real?.[n]);
  const refusedQuery = (c: RouteCall) => !!spec?.query && !spec.query.safeParse(c.query).success;
  const perParameter = Object.keys(spec?.query?.shape ?? {}).flatMap((k) =>
    STRING_KINDS.map((kind) =>
      fc.record({ params: fc.constant(real ?? {}), query: kind.map((v) => ({ [k]: v })), body, contentType }),
    ),
  );
  // An upload route takes multipart form data only: any other body is refused before it is read.
  const multipartOnly = (spec?.body as readonly string[] | undefined)?.includes('multipart/form-data') ?? false;
  const notMultipart = (c: RouteCall) =>
    multipartOnly && !(c.contentType ?? '').startsWith('multipart/form-data; boundary=');
  return {
    arb,
    perParameter,
    usable: readOnly ? () => true : (c) => namesNothing(c) || refusedQuery(c) || notMultipart(c),
  };
}

// ---- the corpus --------------------------------------------------------------------------------

describe('hostile-input corpus', () => {
  it('finds the entry points on disk', () => {
    expect(routeFiles.length).toBeGreaterThan(10);
    expect(actionFiles.length).toBeGreaterThan(10);
  });

  it('answers every route and action with a 4xx or a refusal, never a 5xx, and writes nothing', async () => {
    const started = Date.now();
    console.log(`hostile-input corpus: seed ${seed} (HOSTILE_SEED=${seed} repeats it)`);
    const problems: string[] = [];
    const timings: [string, number][] = [];
    let runIndex = 0;
    const sample = <T>(arb: fc.Arbitrary<T>, n: number) => fc.sample(arb, { numRuns: n, seed: seed + runIndex++ });

    for (const file of routeFiles) {
      const mod = (await import(path.join(root, file))) as Record<string, unknown>;
      for (const method of METHODS.filter((m) => typeof mod[m] === 'function')) {
        const key = `${file}#${method}`;
        const rule: Rule | undefined = RULES[key];
        const real = (await rule?.request?.({ operatorId }))?.params as Record<string, string> | undefined;
        const { arb, perParameter, usable } = routeInputs(file, method, real);
        const before = await fingerprint();
        const t0 = Date.now();
        let sent = 0;
        if (process.env.HOSTILE_TIMINGS) process.stderr.write(`${key}\n`);
        for (const c of callers) {
          actAs(c);
          const n = c.broad ? RUNS_ALLOWED : RUNS_REFUSED;
          const drawn = sample(arb, 4 * n);
          // A GET that refuses nothing it can be sent (the template's format falls back to csv) is called
          // anyway: a GET that wrote would show in the fingerprint.
          const refusable = drawn.filter(usable);
          const calls = [
            ...(refusable.length || method !== 'GET' ? refusable : drawn).slice(0, n),
            // Once, as the caller let in everywhere (the operator's administrator).
            ...(c.label === 'operator_admin' ? perParameter.flatMap((a) => sample(a, 1).filter(usable)) : []),
          ];
          for (const call of calls) await callRoute(key, mod[method] as Fn, file, call);
          sent += calls.length;
        }
        // A route with neither ids nor a query schema (nor a JSON answer) would silently be left out.
        if (sent === 0) problems.push(`${key}: nothing in its request can be refused, so it was never called`);
        const after = await fingerprint();
        if (after !== before) problems.push(`${key} wrote: ${diff(before, after)}`);
        timings.push([key, Date.now() - t0]);
      }
    }

    for (const file of actionFiles) {
      const mod = (await import(path.join(root, file))) as Record<string, unknown>;
      for (const [name, fn] of Object.entries(mod)) {
        if (typeof fn !== 'function') continue;
        const key = `${file}#${name}`;
        const rule = RULES[key];
        // The valid input seeds its records before the "before" fingerprint.
        const valid = rule?.input ? await rule.input({ operatorId }) : undefined;
        const arb = valid === undefined ? hostileWhole : fc.oneof(hostileWhole, mutated(valid), mutated(valid));
        const before = await fingerprint();
        const t0 = Date.now();
        if (process.env.HOSTILE_TIMINGS) process.stderr.write(`${key}\n`);
        for (const c of callers) {
          if (TAKES_NO_INPUT[key] && c.token) continue;
          actAs(c);
          for (const input of sample(arb, c.broad ? RUNS_ALLOWED : RUNS_REFUSED))
            await callAction(key, fn as Fn, input);
        }
        const after = await fingerprint();
        if (after !== before) problems.push(`${key} wrote: ${diff(before, after)}`);
        timings.push([key, Date.now() - t0]);
      }
    }

    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(
      `hostile-input corpus: ${tally.calls} calls to ${routeFiles.length} route files and ${actionFiles.length} action files ` +
        `as ${callers.length} callers in ${seconds} s; 5xx/throws: ${tally.fiveHundreds.length}; INTERNAL: ${tally.internal.length}`,
    );
    if (process.env.HOSTILE_TIMINGS)
      console.log(
        timings
          .sort((a, b) => b[1] - a[1])
          .slice(0, 15)
          .map(([k, ms]) => `${ms} ms ${k}`)
          .join('\n'),
      );
    expect([...tally.fiveHundreds, ...tally.internal, ...problems, ...tally.accepted]).toEqual([]);
  }, 300_000);
});

function diff(before: string, after: string): string {
  const a = JSON.parse(before) as Record<string, unknown>;
  const b = JSON.parse(after) as Record<string, unknown>;
  return Object.keys(b)
    .filter((k) => a[k] !== b[k])
    .map((k) => `${k} ${String(a[k])}→${String(b[k])}`)
    .join(', ');
}
