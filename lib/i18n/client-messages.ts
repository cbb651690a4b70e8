import type { Locale } from '@/lib/i18n/locales';
import { MESSAGES } from '@/messages';

/**
 * The parts of the catalogue that client components translate with: what a page's
 * NextIntlClientProvider hands to the browser. Whatever it holds is serialised into the page's HTML and
 * RSC payload and encoded and decoded on every request (the whole catalogue was 178 kB of Khmer on every
 * page; one list for all pages was still 52 kB, a sixth of a record page's server time). So the root
 * layout gives only BASE_CLIENT_PATHS (what the shell and the error pages use), and each page that has
 * client components wraps them in <ClientMessages paths={[…]}> (components/client-messages.tsx) naming
 * the paths its components use. Server components translate on the server with the whole catalogue
 * (getTranslations) and send text.
 *
 * test/client-messages.test.ts reads every useTranslations call in app/, components/ and lib/: each
 * key must be below one of these paths, and each page must name exactly the paths of the modules it
 * imports (through every import, test/helpers/client-keys.ts).
 *
 * (Bundling the messages instead, so that pages carry none, cost the browser 30 kB more of JavaScript
 * per page, both languages, over the page-weight budget of e2e/ui/page-weight.spec.ts.)
 */
export const CLIENT_MESSAGE_PATHS = [
  'account',
  'admin.operators',
  'admin.users',
  'enrol',
  'enrolments.bulk',
  'enrolments.channels',
  'enrolments.detail',
  'enrolments.payment',
  'enrolments.section',
  'errorPages',
  // Any error key a form may show (zod and domain errors map to keys at run time).
  'errors',
  'fields',
  'gazetteer.form',
  'gazetteer.picker',
  'gazetteer.report',
  'grievancePublic.attachments',
  'grievancePublic.form',
  'grievancePublic.sent',
  'grievancePublic.settings',
  'grievances',
  'imports.jobs',
  'imports.refusals',
  'imports.status',
  'imports.upload',
  'maritalStatuses',
  'paymentFiles.providers',
  'paymentFiles.results',
  'payments.actions',
  'payments.new',
  'programmes.condition',
  'programmes.conflict',
  'programmes.count',
  'programmes.form',
  'programmes.rules',
  'programmes.view',
  'records.conflict',
  'records.death',
  'records.delete',
  'records.edit',
  'records.exit',
  'records.head',
  // A conflict panel shows values as the history does (lib/records/history-text.ts).
  'records.history',
  'records.move',
  'records.statuses',
  'audit.fields',
  'audit.matchValues',
  'registry.camdx',
  'registry.dashboard.verify',
  'registry.status',
  'relationships',
  'roles',
  'search',
  'setup',
  'sexes',
  'shell',
  'signIn',
  'ui.confirm',
  'ui.menu',
  'ui.print',
  'ui.tableOf',
  'wgDomains',
  'wgLevels',
] as const;

export type ClientPath = (typeof CLIENT_MESSAGE_PATHS)[number];

/** What every page's client components may use: the shell (menu, language switch) and the error pages. */
export const BASE_CLIENT_PATHS = ['errorPages', 'shell'] as const satisfies readonly ClientPath[];

/**
 * Lists that pages rendering the same form share (the page names `SHARED_PAGE_PATHS.x`, or spreads it and
 * adds its own); test/client-messages.test.ts reads them as it reads a page's own list.
 */
export const SHARED_PAGE_PATHS = {
  /** ProgrammeForm: a new programme and a programme's edit page. */
  programmeForm: [
    'errors',
    'gazetteer.picker',
    'programmes.condition',
    'programmes.conflict',
    'programmes.count',
    'programmes.form',
    'programmes.rules',
  ],
  /** A record's edit form with its conflict panel: a member's, and a household's (which adds the address picker). */
  recordEdit: [
    'audit.fields',
    'audit.matchValues',
    'enrol',
    'errors',
    'maritalStatuses',
    'records.conflict',
    'records.edit',
    'records.history',
    'records.statuses',
    'relationships',
    'sexes',
    'wgDomains',
    'wgLevels',
  ],
} as const satisfies Record<string, readonly ClientPath[]>;

export type Tree = { [key: string]: string | Tree };

/** `paths` of `tree`, with the same nesting (a path that does not exist is left out). */
export function pickMessages(tree: Tree, paths: readonly string[]): Tree {
  const out: Tree = {};
  for (const path of paths) {
    const parts = path.split('.');
    let from: string | Tree | undefined = tree;
    for (const p of parts) from = typeof from === 'object' ? from[p] : undefined;
    if (from === undefined) continue;
    let into = out;
    for (const p of parts.slice(0, -1)) {
      const next = into[p];
      into = (typeof next === 'object' ? next : (into[p] = {})) as Tree;
    }
    into[parts.at(-1)!] = from;
  }
  return out;
}

const picked = new Map<string, Tree>();

/** BASE_CLIENT_PATHS and `paths` of `locale`'s catalogue (picked once per list, language and process). */
export function clientMessages(locale: Locale, paths: readonly ClientPath[] = []): Tree {
  const key = `${locale}:${paths.join(',')}`;
  let m = picked.get(key);
  if (!m) picked.set(key, (m = pickMessages(MESSAGES[locale] as unknown as Tree, [...BASE_CLIENT_PATHS, ...paths])));
  return m;
}
