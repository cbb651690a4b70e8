import { existsSync } from 'node:fs';
import path from 'node:path';
import { readEditionFiles } from '@/lib/gazetteer/read';
import { parseEdition } from '@/lib/gazetteer/parse';
import type { ParsedEdition } from '@/lib/gazetteer/types';
import { sharedPath } from './shared';

const root = path.resolve(import.meta.dirname, '..', '..');

export const FIXTURE_DIR = path.join(root, 'test', 'fixtures', 'gazetteer');

/**
 * The full gazetteer (never committed): GAZETTEER_DATA_DIR, else `data/gazetteer` in the shared
 * folder beside the project (./shared.ts). Tests always run on the Kep fixture and add the full
 * edition when it is there.
 */
export const FULL_DIR =
  [process.env.GAZETTEER_DATA_DIR, sharedPath('data', 'gazetteer')].find(
    (d): d is string => Boolean(d) && existsSync(path.join(d!, 'pumi-villages.yml')),
  ) ?? null;

export const FULL_COUNTS = { province: 25, district: 210, commune: 1652, village: 14578 };
export const FIXTURE_COUNTS = { province: 1, district: 2, commune: 5, village: 18 };

export interface Edition {
  label: string;
  dir: string;
  counts: typeof FIXTURE_COUNTS;
  full: boolean;
}

export const FIXTURE_EDITION: Edition = { label: 'Kep fixture', dir: FIXTURE_DIR, counts: FIXTURE_COUNTS, full: false };
export const FULL_EDITION: Edition | null = FULL_DIR
  ? { label: 'full gazetteer', dir: FULL_DIR, counts: FULL_COUNTS, full: true }
  : null;
/** The Kep fixture, then the full gazetteer when present. */
export const EDITIONS: Edition[] = [FIXTURE_EDITION, ...(FULL_EDITION ? [FULL_EDITION] : [])];

const cache = new Map<string, Promise<ParsedEdition>>();

/** Parsed once per test file and directory (the full YAML takes a few seconds); callers must not mutate it. */
export function readEdition(dir = FIXTURE_DIR): Promise<ParsedEdition> {
  if (!cache.has(dir)) cache.set(dir, readEditionFiles(dir).then(parseEdition));
  return cache.get(dir)!;
}

export async function readFlatCsv(dir = FIXTURE_DIR) {
  return parseEdition(await readEditionFiles(path.join(dir, 'pumi-admin-units-flat.csv')));
}
