// The benchmark's own database: created when missing, dropped on --regenerate, filled once.
import postgres from 'postgres';
import { BENCH_OPERATORS, seedOperator, seedVillages } from './seed';

/** Bump when the generated data changes: an older benchmark database is then rebuilt. */
export const SEED_VERSION = 3;
const MARK = `sdp-bench-seed-v${SEED_VERSION}`;

const out = (line: string) => process.stdout.write(`${line}\n`);

function serverUrl(url: string): { admin: string; name: string } {
  const u = new URL(url);
  const name = decodeURIComponent(u.pathname.replace(/^\//, ''));
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Unsafe benchmark database name: ${name}`);
  u.pathname = '/postgres';
  return { admin: u.toString(), name };
}

export async function ensureDatabase(url: string, drop: boolean): Promise<void> {
  const { admin, name } = serverUrl(url);
  const sql = postgres(admin, { max: 1, onnotice: () => {} });
  try {
    if (drop) {
      out(`dropping database ${name}`);
      await sql.unsafe(`drop database if exists ${name} with (force)`);
    }
    const [row] = await sql`select 1 as ok from pg_database where datname = ${name}`;
    if (!row) {
      out(`creating database ${name}`);
      await sql.unsafe(`create database ${name}`);
    }
  } finally {
    await sql.end();
  }
}

/** 'ready' when this version's data is there, 'stale' when another version's is, 'empty' otherwise. */
export async function seedState(sql: postgres.Sql): Promise<'ready' | 'stale' | 'empty'> {
  const rows = await sql<{ note: string | null }[]>`
    select obj_description('members'::regclass, 'pg_class') as note`;
  const note = rows[0]?.note ?? null;
  if (note === MARK) return 'ready';
  const [any] = await sql`select 1 from members limit 1`;
  return any ? 'stale' : 'empty';
}

/**
 * Fills the database in one transaction (so a crash leaves it empty, not half-full). The
 * secondary indexes of households and members are dropped during the load and rebuilt after it,
 * from their own definitions: building an index once is far faster than a million inserts into it.
 */
export async function seed(sql: postgres.Sql): Promise<void> {
  const started = Date.now();
  await sql.begin(async (tx) => {
    await tx`set local maintenance_work_mem = '256MB'`;
    const indexes = await tx<{ name: string; def: string }[]>`
      select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as def
      from pg_index i join pg_class t on t.oid = i.indrelid
      where t.relname in ('members', 'households') and t.relnamespace = 'public'::regnamespace
        and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)`;
    for (const i of indexes) await tx.unsafe(`drop index ${i.name}`);
    const villages = await seedVillages(tx);
    out(`${villages.length} villages`);
    for (const op of BENCH_OPERATORS) {
      await seedOperator(tx, op, villages);
      out(`operator ${op.code}: ${op.households} households (${((Date.now() - started) / 1000).toFixed(0)} s)`);
    }
    for (const i of indexes) await tx.unsafe(i.def);
    out(`${indexes.length} indexes rebuilt (${((Date.now() - started) / 1000).toFixed(0)} s)`);
    await tx.unsafe(`comment on table members is '${MARK}'`);
  });
  await sql`vacuum (analyze) admin_units, households, members`;
  const [{ n } = { n: 0 }] = await sql<{ n: number }[]>`select count(*)::int as n from members`;
  out(`${n} members in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}
