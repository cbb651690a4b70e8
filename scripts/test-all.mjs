#!/usr/bin/env node
// `npm test`: typecheck, lint, unit + integration (vitest), end-to-end (Playwright against the
// production build). Every layer runs even when an earlier one fails; the last line is the
// plain total CI reads: "N passed, N failed".
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const results = path.join(root, 'test-results');
const polyfills = `--import ${pathToUrl(path.join(root, 'scripts', 'node20-polyfills.mjs'))}`;
const only = process.argv.slice(2);
const runStarted = Date.now();

function pathToUrl(p) {
  return new URL(`file://${p}`).href;
}

function run(label, cmd, args, env = {}) {
  console.log(`\n=== ${label} ===`);
  const started = Date.now();
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  console.log(
    `=== ${label}: ${r.status === 0 ? 'ok' : `exit ${r.status ?? r.signal}`} in ${((Date.now() - started) / 1000).toFixed(1)} s ===`,
  );
  return r.status === 0;
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

/**
 * Runs several steps at once (each is mostly one core: tsc, eslint) and prints each one's output
 * as a block when it ends, so the log reads as if they had run one after the other.
 */
function runTogether(steps) {
  return Promise.all(
    steps.map(
      ([label, cmd, args]) =>
        new Promise((resolve) => {
          const started = Date.now();
          const child = spawn(cmd, args, { cwd: root, env: process.env });
          const out = [];
          child.stdout.on('data', (d) => out.push(d));
          child.stderr.on('data', (d) => out.push(d));
          child.on('close', (code, signal) => {
            process.stdout.write(`\n=== ${label} ===\n${Buffer.concat(out).toString()}`);
            console.log(
              `=== ${label}: ${code === 0 ? 'ok' : `exit ${code ?? signal}`} in ${((Date.now() - started) / 1000).toFixed(1)} s ===`,
            );
            resolve(code === 0);
          });
        }),
    ),
  );
}

let passed = 0;
let failed = 0;
const want = (step) => only.length === 0 || only.includes(step);

function count(ok) {
  if (ok) passed++;
  else failed++;
}

const checks = [];
if (want('typecheck')) checks.push(['typecheck', bin('tsc'), ['--noEmit']]);
if (want('lint')) checks.push(['lint', bin('eslint'), ['.', '--max-warnings=0']]);
// Formatting is part of lint: one Prettier config (.prettierrc.json), `npm run format` to apply it.
if (want('lint')) checks.push(['format', bin('prettier'), ['--check', '.']]);
for (const ok of await runTogether(checks)) count(ok);

if (want('unit')) {
  const file = path.join(results, 'vitest.json');
  rmSync(file, { force: true });
  const ok = run('unit + integration (vitest)', bin('vitest'), ['run'], { NODE_OPTIONS: polyfills });
  const report = readJson(file);
  if (report) {
    passed += report.numPassedTests ?? 0;
    // A file that fails to load has no failed test of its own: count it once.
    failed += (report.numFailedTests ?? 0) || (report.numFailedTestSuites ?? 0);
    if (!ok && !report.numFailedTests && !report.numFailedTestSuites) failed++;
  } else if (!ok) failed++;
}

if (want('e2e')) {
  const file = path.join(results, 'playwright.json');
  rmSync(file, { force: true });
  const ok = run('end-to-end (Playwright)', bin('playwright'), ['test']);
  const stats = readJson(file)?.stats;
  if (stats) {
    passed += (stats.expected ?? 0) + (stats.flaky ?? 0);
    failed += stats.unexpected ?? 0;
    if (!ok && !stats.unexpected) failed++;
  } else if (!ok || !existsSync(file)) failed++;
}

// `npm run bench -- --quick` keeps the HTTP benchmark working (after e2e, the build exists): 10,000
// members in a fresh PostgreSQL database, a few requests per item, no figure asserted. PostgreSQL
// only (the benchmark measures the deployment that has one): skipped without TEST_DATABASE_URL.
if (want('bench')) {
  const base = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (base?.startsWith('postgres')) {
    const url = new URL(base);
    url.pathname = '/sdp_bench';
    count(
      run(
        'benchmark, quick (npm run bench -- --quick)',
        bin('tsx'),
        ['--conditions=react-server', 'scripts/bench/main.ts', '--quick'],
        {
          BENCH_DATABASE_URL: url.toString(),
        },
      ),
    );
  } else console.log('\n=== benchmark, quick: skipped (no PostgreSQL: TEST_DATABASE_URL unset) ===');
}

console.log(`\n(all layers in ${((Date.now() - runStarted) / 1000).toFixed(0)} s)`);
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
