// `npm run audit:verify [-- --expect <seq>:<digest>] [--json]`: recomputes the audit trail's hash chain
// (lib/audit/chain.ts) and says whether every sealed row is as it was sealed; exits 2 when not.
// `npm run audit:seal`: seals every row that can be sealed now (the server does this every minute
// unless AUDIT_SEAL_INTERVAL_MS=0). With the embedded database, stop the app first: one process owns its folder.
import path from 'node:path';
import { dbHandle } from '@/db/client';
import { sealAudit, verifyAuditChain, type ChainReport } from '@/lib/audit/chain';
import { dataDir, env } from '@/lib/env';
import { refuseIfInUse } from '@/lib/ops/backup';
import { argValue, fail } from './ops-args';

const args = process.argv.slice(2);
const command = args[0];

function parseExpect(value: string | undefined): { seq: number; digest: string } | undefined {
  if (value === undefined) return undefined;
  const m = /^(\d+):([0-9a-f]{64})$/.exec(value.trim());
  if (!m) fail(`--expect takes <seq>:<digest>, as an "audit.sealed" log line gives them (got "${value}")`);
  return { seq: Number(m[1]), digest: m[2]! };
}

function describe(r: ChainReport): string[] {
  const lines = [
    `${r.seals} seals cover ${r.sealedRows} audit rows; ${r.unsealedRows} newer rows are not sealed yet`,
    r.head ? `head: seal ${r.head.seq} up to id ${r.head.uptoId}, digest ${r.head.digest}` : 'no seal yet',
  ];
  for (const b of r.breaks) {
    const range = `ids ${b.afterId + 1}–${b.uptoId}`;
    if (b.reason === 'rows_differ')
      lines.push(
        `BROKEN seal ${b.seq} (${range}): the rows differ from what was sealed (${b.sealed} sealed, ${b.found} now)`,
      );
    else if (b.reason === 'seal_altered') lines.push(`BROKEN seal ${b.seq} (${range}): the seal itself was changed`);
    else lines.push(`BROKEN seal ${b.seq} (${range}): a seal before it is missing`);
  }
  if (r.expected)
    lines.push(
      r.expected.found
        ? `seal ${r.expected.seq} is in the chain with the expected digest`
        : `NOT FOUND: seal ${r.expected.seq} with digest ${r.expected.digest} (the chain was cut or rewritten after it)`,
    );
  lines.push(r.intact ? 'intact' : 'NOT INTACT');
  return lines;
}

async function main() {
  if (command !== 'verify' && command !== 'seal')
    fail('usage: audit.ts verify [--expect <seq>:<digest>] [--json] | seal');
  if (!env.DATABASE_URL) refuseIfInUse(path.join(dataDir, 'pglite'), args.includes('--force'));
  const handle = dbHandle();
  try {
    if (command === 'seal') {
      let total = 0;
      for (;;) {
        const { tip, seals } = await sealAudit({ maxSeals: 100 });
        total += seals.reduce((n, s) => n + s.rowCount, 0);
        const last = seals.at(-1);
        if (last) console.log(`sealed up to seal ${last.seq} (id ${last.uptoId}), digest ${last.digest}`);
        if (tip === null)
          console.log('a long write to the audit trail is running: the newest rows wait for the next run');
        if (seals.length < 100) break;
      }
      console.log(`${total} rows sealed`);
      return;
    }
    const report = await verifyAuditChain({ handle: handle.db, expect: parseExpect(argValue(args, '--expect')) });
    console.log(args.includes('--json') ? JSON.stringify(report, null, 2) : describe(report).join('\n'));
    if (!report.intact) process.exitCode = 2;
  } finally {
    await handle.close();
  }
}

main().catch(fail);
