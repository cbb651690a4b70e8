import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

// The demo's own folder (DEMO_DATA_DIR): reused when it holds a finished demo, made again with
// --fresh or when a seed was cut off. It deletes only a folder it made itself (the marker file), and
// never one a running demo has open: two processes on one embedded database lose writes.

export const demoFiles = (dir: string) => ({
  /** Written first: only a folder carrying it is ever deleted. */
  marker: path.join(dir, '.sdp-demo'),
  /** Written last: the demo data is complete (and the accounts to print). */
  summary: path.join(dir, 'demo.json'),
  /** The process that has the folder open. */
  pid: path.join(dir, 'demo.pid'),
});

export class DemoFolderError extends Error {}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists, but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export type FolderPlan = { action: 'reuse' } | { action: 'seed'; deleted: 'fresh' | 'unfinished' | null };

export function prepareDemoFolder(dir: string, o: { fresh: boolean; self?: number }): FolderPlan {
  const files = demoFiles(dir);
  if (existsSync(files.pid)) {
    const pid = Number(readFileSync(files.pid, 'utf8'));
    if (pid && pid !== (o.self ?? process.pid) && alive(pid))
      throw new DemoFolderError(
        `a demo is already running on ${dir} (process ${pid}); stop it first (two processes must never open one embedded database).`,
      );
  }
  const used = existsSync(dir) && readdirSync(dir).length > 0;
  if (used && !existsSync(files.marker))
    throw new DemoFolderError(
      `${dir} is not a demo folder (no ${path.basename(files.marker)}); choose another DEMO_DATA_DIR.`,
    );
  if (used && !o.fresh && existsSync(files.summary)) return { action: 'reuse' };
  if (used) rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(files.marker, 'Made by `npm run demo`; deleted by `npm run demo -- --fresh`.\n');
  return { action: 'seed', deleted: used ? (o.fresh ? 'fresh' : 'unfinished') : null };
}
