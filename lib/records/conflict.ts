import type { ActionResult } from '@/lib/action';

// What an edit action answers. A save over a newer version is a CONFLICT failure that carries
// the record as it now is and the fields where it differs from what was typed, for the form to
// show beside the user's own values. Types only and one pure mapping: the forms import it too.

export interface Conflict<V> {
  /** The current version: saving again at it overwrites, knowingly. */
  version: number;
  current: V;
  fields: string[];
}

export type EditResult<V> =
  | { ok: true; data: { version: number } }
  | { ok: false; code: 'CONFLICT'; messageKey: 'editConflict'; conflict: Conflict<V> }
  | Extract<ActionResult, { ok: false }>;

type Saved<V> = { status: 'saved'; version: number } | ({ status: 'conflict' } & Conflict<V>);

export function editResult<V>(r: ActionResult<Saved<V>>): EditResult<V> {
  if (!r.ok) return r;
  if (r.data.status === 'saved') return { ok: true, data: { version: r.data.version } };
  const { version, current, fields } = r.data;
  return { ok: false, code: 'CONFLICT', messageKey: 'editConflict', conflict: { version, current, fields } };
}
