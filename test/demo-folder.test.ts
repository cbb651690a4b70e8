import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { demoFiles, DemoFolderError, prepareDemoFolder } from '@/lib/demo/folder';

// `npm run demo`'s folder: the only place the demo deletes anything, so what it deletes is checked here.

const base = mkdtempSync(path.join(os.tmpdir(), 'sdp-demo-folder-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));
let n = 0;
const folder = () => path.join(base, `demo-${++n}`);

describe('npm run demo: its data folder', () => {
  it('is made when missing, marked as the demo’s, and made again when the seed was cut off', () => {
    const dir = folder();
    expect(prepareDemoFolder(dir, { fresh: false })).toEqual({ action: 'seed', deleted: null });
    expect(existsSync(demoFiles(dir).marker)).toBe(true);
    writeFileSync(path.join(dir, 'half-seeded'), 'x');
    expect(prepareDemoFolder(dir, { fresh: false })).toEqual({ action: 'seed', deleted: 'unfinished' });
    expect(readdirSync(dir)).toEqual(['.sdp-demo']);
  });

  it('is reused once the demo is complete, and deleted only with --fresh', () => {
    const dir = folder();
    prepareDemoFolder(dir, { fresh: false });
    writeFileSync(demoFiles(dir).summary, '{}');
    expect(prepareDemoFolder(dir, { fresh: false })).toEqual({ action: 'reuse' });
    expect(existsSync(demoFiles(dir).summary)).toBe(true);
    expect(prepareDemoFolder(dir, { fresh: true })).toEqual({ action: 'seed', deleted: 'fresh' });
    expect(existsSync(demoFiles(dir).summary)).toBe(false);
  });

  it('never deletes a folder it did not make, even with --fresh', () => {
    const dir = folder();
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'precious.txt'), 'someone else’s');
    for (const fresh of [false, true]) expect(() => prepareDemoFolder(dir, { fresh })).toThrow(DemoFolderError);
    expect(readdirSync(dir)).toEqual(['precious.txt']);
  });

  it('refuses a folder a running demo has open, and takes over from one that died', async () => {
    const dir = folder();
    prepareDemoFolder(dir, { fresh: false });
    writeFileSync(demoFiles(dir).summary, '{}');
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    try {
      writeFileSync(demoFiles(dir).pid, String(other.pid));
      for (const fresh of [false, true]) expect(() => prepareDemoFolder(dir, { fresh })).toThrow(/already running/);
      expect(existsSync(demoFiles(dir).summary)).toBe(true);
    } finally {
      other.kill();
      await new Promise((r) => other.once('exit', r));
    }
    expect(prepareDemoFolder(dir, { fresh: false })).toEqual({ action: 'reuse' });
  });
});
