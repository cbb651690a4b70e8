import 'server-only';
import { DomainError } from './errors';

/** Attachment headers; the file name is given both plainly (ASCII) and in UTF-8 (RFC 6266). */
export function attachment(fileName: string, contentType: string): HeadersInit {
  const ascii = fileName.replace(/[^\x20-\x7E]|["\\]/g, '_');
  return {
    'Content-Type': contentType,
    'Content-Disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
    'Cache-Control': 'no-store',
    // Also set for every response by next.config.mjs; said here too, since a file must never be sniffed.
    'X-Content-Type-Options': 'nosniff',
  };
}

/**
 * A state-changing route handler called with a cookie must come from our own pages: browsers send
 * Origin on cross-site POSTs, and a foreign one is refused (server actions get this from Next).
 */
export function assertSameOrigin(request: Request): void {
  const origin = request.headers.get('origin');
  if (!origin) return;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    throw new DomainError('FORBIDDEN');
  }
  if (host !== request.headers.get('host')) throw new DomainError('FORBIDDEN');
}
