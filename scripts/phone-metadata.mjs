#!/usr/bin/env node
// Writes lib/text/phone-metadata-kh.json: Cambodia's entry of libphonenumber-js's full ("max") numbering
// plans, the only country the household, member and payment-detail phones accept. The browser bundles
// this (under 1 kB) instead of every country's plan (165 kB, 49 kB gzip). Run it after updating
// libphonenumber-js (then `npx prettier --write` the file); test/phone.test.ts fails while it differs
// from the installed package.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export function cambodiaMetadata() {
  const require = createRequire(import.meta.url);
  const max = JSON.parse(readFileSync(require.resolve('libphonenumber-js/metadata.max.json'), 'utf8'));
  return { version: max.version, country_calling_codes: { 855: ['KH'] }, countries: { KH: max.countries.KH } };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  writeFileSync(path.join(root, 'lib', 'text', 'phone-metadata-kh.json'), `${JSON.stringify(cambodiaMetadata())}\n`);
}
