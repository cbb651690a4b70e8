import 'server-only';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { SourceFile } from './types';

const GROUPS = ['provinces', 'districts', 'communes', 'villages'];
// pumi's own names (data/provinces.yml …) and the `pumi-` prefixed copies.
const YAML_NAME = /^(?:pumi-)?(provinces|districts|communes|villages)\.ya?ml$/i;

async function readAll(dir: string, names: string[]): Promise<SourceFile[]> {
  return Promise.all(names.map(async (name) => ({ name, text: await readFile(path.join(dir, name), 'utf8') })));
}

function yamlSet(names: string[]): string[] {
  const found = names.filter((n) => YAML_NAME.test(n));
  // One file per level, the level order keeps the report's file list readable.
  const rank = (n: string) => GROUPS.indexOf(YAML_NAME.exec(n)![1]!.toLowerCase());
  return found.sort((a, b) => rank(a) - rank(b));
}

/**
 * The files of an edition on disk. A folder or one of pumi's YAML files means all of pumi's
 * YAML files present beside it (a level alone has no parents); a folder without them means every
 * CSV in it (NCDD exports come one file per province); any other file is read alone.
 */
export async function readEditionFiles(target: string): Promise<SourceFile[]> {
  const info = await stat(target);
  if (info.isDirectory()) {
    const names = (await readdir(target)).sort();
    const yaml = yamlSet(names);
    return readAll(target, yaml.length > 0 ? yaml : names.filter((n) => /\.csv$/i.test(n)));
  }
  const dir = path.dirname(target);
  const name = path.basename(target);
  if (YAML_NAME.test(name)) return readAll(dir, yamlSet(await readdir(dir)));
  return readAll(dir, [name]);
}
