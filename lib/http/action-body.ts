// The shape of a server action's request body, checked in proxy.ts before React decodes it. React's
// reply decoder trusts its input: a body that is not JSON, a root that is not an argument list, 5,000
// nested arrays or a `$`-string naming a part that is not there make it throw, and Next answers 500.
// What React's own client sends (encodeReply) always passes; anything else is a 400.

/** Deeper than any form the app has (a programme's rules are under 10 levels). */
const MAX_DEPTH = 64;
/** Outlined parts of one multipart reply (React writes one per shared or special value). */
const MAX_PARTS = 256;

/** `$`-strings that stand for a value on their own: an escaped `$`, undefined, dates, numbers. */
const SELF_CONTAINED = /^\$(?:\$[\s\S]*|undefined|D[\s\S]*|NaN|Infinity|-Infinity|-0|n-?\d{1,300}|T)$/;
/** `$`-strings that point to another part of a multipart reply, by its number in hexadecimal. */
const REFERENCE = /^\$(?:[@QWhiBK]?)([0-9a-f]{1,8})$/;

type Parts = ReadonlyMap<string, unknown>;

/** Why the body would be refused, or null when React's decoder can take it. */
export function actionBodyProblem(body: string | FormData): string | null {
  if (typeof body === 'string') {
    const root = parseJson(body);
    if (root === undefined) return 'not JSON';
    if (!Array.isArray(root)) return 'not an argument list';
    return valueProblem(root, new Map(), new Set(), 0);
  }
  // A multipart reply: part "0" is the argument list; "1", "2"… outlined values; "<n>_<name>" the
  // entries of a FormData argument. A form posted without JavaScript carries $ACTION_ fields instead.
  const keys = [...new Set(body.keys())];
  if (keys.some((k) => k.startsWith('$ACTION_'))) return null;
  const parts = new Map<string, unknown>();
  const fields = new Set<string>();
  for (const key of keys) {
    if (/^\d+$/.test(key)) {
      const value = body.get(key);
      if (typeof value !== 'string') {
        parts.set(key, null); // a Blob part ($B): nothing to check inside
        continue;
      }
      const parsed = parseJson(value);
      if (parsed === undefined) return `part ${key} is not JSON`;
      parts.set(key, parsed);
    } else if (/^\d+_/.test(key)) fields.add(key.slice(0, key.indexOf('_')));
    else return `unexpected field ${key.slice(0, 40)}`;
  }
  if (parts.size > MAX_PARTS) return 'too many parts';
  if (!Array.isArray(parts.get('0'))) return 'no argument list';
  // React decodes each part on its own and links them by number, so each is checked on its own.
  for (const [key, part] of parts) {
    const problem = valueProblem(part, parts, fields, 0);
    if (problem) return `part ${key}: ${problem}`;
  }
  return null;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function valueProblem(value: unknown, parts: Parts, fields: ReadonlySet<string>, depth: number): string | null {
  if (depth > MAX_DEPTH) return 'nested too deeply';
  if (typeof value === 'string') return stringProblem(value, parts, fields);
  if (value === null || typeof value !== 'object') return null;
  for (const child of Array.isArray(value) ? value : Object.values(value)) {
    const problem = valueProblem(child, parts, fields, depth + 1);
    if (problem) return problem;
  }
  return null;
}

function stringProblem(value: string, parts: Parts, fields: ReadonlySet<string>): string | null {
  if (!value.startsWith('$') || SELF_CONTAINED.test(value)) return null;
  const ref = REFERENCE.exec(value);
  if (!ref) return `unknown reference ${value.slice(0, 20)}`;
  const key = String(parseInt(ref[1]!, 16));
  // $K: the entries of a FormData argument ("<n>_<name>"); it may have none.
  if (value[1] === 'K') return fields.has(key) || !parts.has(key) ? null : 'bad form data reference';
  return parts.has(key) ? null : 'reference to a missing part';
}
