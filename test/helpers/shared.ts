import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * The read-only reference folder `shared/` (full gazetteer, DCI spec files) that sits beside the
 * project in CI and on the team's machines, never in the repository. Tests run on the project's own
 * fixtures everywhere and add the checks against `shared/` when it is there.
 *
 * `SDP_SHARED_DIR` names it explicitly (a missing folder then means "no shared folder": that is how
 * to try a run as a bare clone would see it). Otherwise `shared/` beside the project, or beside a
 * folder above it (a git worktree, e.g. `wt/<branch>`, sits one level deeper than the main checkout).
 */
const project = path.resolve(import.meta.dirname, '..', '..');

function locate(): string | null {
  const explicit = process.env.SDP_SHARED_DIR;
  if (explicit !== undefined) return explicit && existsSync(explicit) ? path.resolve(explicit) : null;
  for (let dir = path.dirname(project); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'shared');
    if (existsSync(path.join(candidate, 'data'))) return candidate;
  }
  return null;
}

export const SHARED_DIR = locate();

/** A path inside `shared/` when that exists there, else null. */
export function sharedPath(...parts: string[]): string | null {
  if (!SHARED_DIR) return null;
  const p = path.join(SHARED_DIR, ...parts);
  return existsSync(p) ? p : null;
}
