import { readdir } from 'node:fs/promises';
import { NextRequest } from 'next/server';
import { uploadsDir } from '@/lib/uploads/multipart';

// Multipart requests for the upload routes, with a body that records how much of it was read: a
// refusal "before reading" must not pull a byte, and one at the limit must stop soon after it.

type Piece = Uint8Array | { repeat: number; size: number };

/** A body made of pieces (bytes, or `size` bytes of `repeat`), served in chunks only when pulled. */
export function watchedBody(pieces: Piece[], chunk = 64 * 1024) {
  let pulled = 0;
  let i = 0;
  let offset = 0;
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        const piece = pieces[i];
        if (!piece) return controller.close();
        const size = piece instanceof Uint8Array ? piece.length : piece.size;
        const n = Math.min(chunk, size - offset);
        const out =
          piece instanceof Uint8Array ? piece.subarray(offset, offset + n) : new Uint8Array(n).fill(piece.repeat);
        offset += n;
        if (offset >= size) {
          i += 1;
          offset = 0;
        }
        pulled += n;
        controller.enqueue(out);
      },
    },
    // highWaterMark 0: nothing is pulled before the handler reads.
    { highWaterMark: 0 },
  );
  return { stream, pulled: () => pulled };
}

/** The bytes and content type a browser would send for this form data. */
export async function encodeForm(form: FormData): Promise<{ type: string; bytes: Uint8Array }> {
  const res = new Response(form);
  return { type: res.headers.get('content-type')!, bytes: new Uint8Array(await res.arrayBuffer()) };
}

const BOUNDARY = '----sdp-test-boundary-7MA4YWxkTrZu0gW';
const enc = (s: string) => new TextEncoder().encode(s);

/** One file field of `size` bytes, built as it is read (never held in memory): for bodies over the limit. */
export function bigFilePieces(field: string, fileName: string, size: number): { type: string; pieces: Piece[] } {
  return {
    type: `multipart/form-data; boundary=${BOUNDARY}`,
    pieces: [
      enc(
        `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${field}"; filename="${fileName}"\r\n` +
          'Content-Type: text/csv\r\n\r\n',
      ),
      { repeat: 0x61, size },
      enc(`\r\n--${BOUNDARY}--\r\n`),
    ],
  };
}

/** A POST of these pieces to the route's URL; `pulled()` says how many bytes the handler read. */
export function uploadRequest(url: string, type: string, pieces: Piece[], headers: Record<string, string> = {}) {
  const body = watchedBody(pieces);
  const init = {
    method: 'POST',
    body: body.stream,
    duplex: 'half',
    headers: { 'content-type': type, ...headers },
  } as RequestInit & { duplex: 'half' };
  return { request: new NextRequest(url, init as ConstructorParameters<typeof NextRequest>[1]), pulled: body.pulled };
}

/** Form data posted as a browser would; `pulled()` says how many bytes the handler read. */
export async function formRequest(url: string, form: FormData, headers: Record<string, string> = {}) {
  const { type, bytes } = await encodeForm(form);
  return uploadRequest(url, type, [bytes], headers);
}

/** This process's upload folders still on disk (vitest runs files in several processes, one at a time each). */
export async function uploadsLeft(): Promise<string[]> {
  const names = await readdir(uploadsDir()).catch(() => [] as string[]);
  return names.filter((n) => n.startsWith(`upload-${process.pid}-`));
}
