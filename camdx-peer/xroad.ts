// What a consumer security server checks and answers (PR-REST). Written apart from lib/camdx on
// purpose: a check shared with the client would let one mistake pass both sides.

const STRICT_ID = /^[A-Za-z0-9'()+,\-.=?]+$/;
const LEGACY_FORBIDDEN = /[:;/\\%\p{Cc}]/u;

export function validIdentifier(part: string, strict: boolean): boolean {
  if (!part || part.length > 255) return false;
  return strict ? STRICT_ID.test(part) : !LEGACY_FORBIDDEN.test(part);
}

export type Spelling = 'legacy' | 'modern';

const ORIGIN = new Set(['Server', 'Client', 'ServerProxy', 'ClientProxy']);

function snake(segment: string): string {
  return segment
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

/** `Server.ServerProxy.AccessDenied` (6.x/7.x) → `server.serverproxy.access_denied` (7.8+). */
export function spell(code: string, spelling: Spelling): string {
  if (spelling === 'legacy') return code;
  return code
    .split('.')
    .map((s) => (ORIGIN.has(s) ? s.toLowerCase() : snake(s)))
    .join('.');
}

/** An error of the security server itself: X-Road-Error header, `{type,message,detail}` body. */
export class XRoadFault extends Error {
  readonly status: number;
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    // PR-REST §4.6: Client.* errors are the caller's (400); everything else is 500, access denial too.
    this.status = code.startsWith('Client.') ? 400 : 500;
  }
}

function decodePart(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new XRoadFault('Client.BadRequest', 'Malformed percent-encoding in the service identifier');
  }
}

export interface R1Target {
  /** instance, class, member, subsystem, service — decoded. */
  service: [string, string, string, string, string];
  /** What follows the service id: the provider's path and query, as sent. */
  rest: string;
}

/** `/r1/{instance}/{class}/{member}/{subsystem}/{service}[/path][?query]`, each part checked. */
export function parseR1(url: string, strict: boolean): R1Target {
  const q = url.indexOf('?');
  const pathPart = q === -1 ? url : url.slice(0, q);
  const query = q === -1 ? '' : url.slice(q);
  const segments = pathPart.split('/');
  if (segments[0] !== '' || segments[1] !== 'r1') {
    throw new XRoadFault('Client.BadRequest', 'Not an X-Road REST request: the path must start with /r1/');
  }
  const ids = segments.slice(2, 7);
  if (ids.length < 5)
    throw new XRoadFault(
      'Client.BadRequest',
      'The service identifier needs instance, class, member, subsystem and service code',
    );
  const decoded = ids.map(decodePart);
  decoded.forEach((part) => {
    if (!validIdentifier(part, strict))
      throw new XRoadFault('Client.BadRequest', 'The service identifier has characters X-Road does not allow');
  });
  const tail = segments.slice(7);
  return { service: decoded as R1Target['service'], rest: `${tail.length ? `/${tail.join('/')}` : ''}${query}` };
}

/** X-Road-Client: `instance/class/member[/subsystem]`, each part percent-encoded. */
export function parseClient(header: string | string[] | undefined, strict: boolean): string[] {
  if (Array.isArray(header)) header = header[header.length - 1];
  if (!header) throw new XRoadFault('Client.InvalidClientIdentifier', 'The X-Road-Client header is missing');
  const parts = header.split('/');
  if (parts.length !== 3 && parts.length !== 4)
    throw new XRoadFault('Client.InvalidClientIdentifier', 'X-Road-Client must be INSTANCE/CLASS/MEMBER[/SUBSYSTEM]');
  const decoded = parts.map((p) => {
    try {
      return decodeURIComponent(p);
    } catch {
      throw new XRoadFault('Client.InvalidClientIdentifier', 'Malformed percent-encoding in X-Road-Client');
    }
  });
  if (!decoded.every((p) => validIdentifier(p, strict))) {
    throw new XRoadFault('Client.InvalidClientIdentifier', 'X-Road-Client has characters X-Road does not allow');
  }
  return decoded;
}

/** X-Road-Represented-Party: `[class/]code`. */
export function checkRepresentedParty(header: string | string[] | undefined, strict: boolean): void {
  if (header === undefined) return;
  const value = Array.isArray(header) ? header[header.length - 1]! : header;
  const parts = value.split('/');
  const ok =
    parts.length <= 2 &&
    parts.every((p) => {
      try {
        return validIdentifier(decodeURIComponent(p), strict);
      } catch {
        return false;
      }
    });
  if (!ok) throw new XRoadFault('Client.BadRequest', 'X-Road-Represented-Party must be [CLASS/]CODE');
}

export function errorBody(fault: XRoadFault, spelling: Spelling, detail: string) {
  return { type: spell(fault.code, spelling), message: fault.message, detail };
}
