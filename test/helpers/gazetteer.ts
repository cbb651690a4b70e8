import { existsSync } from 'node:fs';
import path from 'node:path';
import { readEditionFiles } from '@/lib/gazetteer/read';
import { parseEdition } from '@/lib/gazetteer/parse';
import type { ParsedEdition } from '@/lib/gazetteer/types';

const root = path.resolve(import.meta.dirname, '..', '..');

export const FIXTURE_DIR = path.join(root, 'test', 'fixtures', 'gazetteer');

/**
 * The full gazetteer (never committed) beside the project — `../shared/data/gazetteer` from the
 * main checkout, one level further up from a worktree — or GAZETTEER_DATA_DIR.
 */
export const FULL_DIR = [process.env.GAZETTEER_DATA_DIR, path.resolve(root, '../shared/data/gazetteer'), path.resolve(root, '../../shared/data/gazetteer')]
  .find((d): d is string => Boolean(d) && existsSync(path.join(d!, 'pumi-villages.yml'))) ?? null;

/** The edition the tests import: the full one when present, else the Kep fixture. */
export const DATA_DIR = FULL_DIR ?? FIXTURE_DIR;

export const FULL_COUNTS = { province: 25, district: 210, commune: 1652, village: 14578 };
export const FIXTURE_COUNTS = { province: 1, district: 2, commune: 5, village: 18 };
export const EXPECTED_COUNTS = FULL_DIR ? FULL_COUNTS : FIXTURE_COUNTS;

const cache = new Map<string, Promise<ParsedEdition>>();

/** Parsed once per test file and directory (the full YAML takes a few seconds); callers must not mutate it. */
export function readEdition(dir = DATA_DIR): Promise<ParsedEdition> {
  if (!cache.has(dir)) cache.set(dir, readEditionFiles(dir).then(parseEdition));
  return cache.get(dir)!;
}

export async function readFlatCsv(dir = DATA_DIR) {
  return parseEdition(await readEditionFiles(path.join(dir, 'pumi-admin-units-flat.csv')));
}
