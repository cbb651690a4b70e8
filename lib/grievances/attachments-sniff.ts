// What a grievance attachment is, read from its first bytes (magic numbers), never from its name or the
// type the browser declared. A plain module: the upload form reads the limits, the server the checks.

import { ATTACHMENT_BYTES } from '@/lib/http/limits.mjs';

/** One attachment's limit: lib/http/limits.mjs, which the custom server reads too. */
export const MAX_ATTACHMENT_BYTES = ATTACHMENT_BYTES;
export const MAX_ATTACHMENT_MEGABYTES = MAX_ATTACHMENT_BYTES / 1024 / 1024;

export const ATTACHMENT_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'] as const;
export type AttachmentType = (typeof ATTACHMENT_TYPES)[number];

/** Enough of the file's start to tell every accepted type (WebP needs 12 bytes). */
export const SNIFF_BYTES = 16;

const startsWith = (head: Uint8Array, bytes: readonly number[], at = 0) =>
  head.length >= at + bytes.length && bytes.every((b, i) => head[at + i] === b);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

/** The accepted type the content is, or null. */
export function sniffAttachmentType(head: Uint8Array): AttachmentType | null {
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(head, ascii('RIFF')) && startsWith(head, ascii('WEBP'), 8)) return 'image/webp';
  if (startsWith(head, ascii('%PDF-'))) return 'application/pdf';
  return null;
}

/** For a clearer refusal: what a refused file most likely is (a program, an archive, a web page). */
export function refusedContentKind(head: Uint8Array): 'program' | 'archive' | 'webPage' | null {
  if (startsWith(head, ascii('MZ')) || startsWith(head, [0x7f, 0x45, 0x4c, 0x46])) return 'program';
  if (startsWith(head, ascii('PK')) || startsWith(head, [0x1f, 0x8b]) || startsWith(head, ascii('Rar!')))
    return 'archive';
  const text = new TextDecoder('latin1').decode(head).trimStart().toLowerCase();
  if (/^(<!doctype|<html|<script|<svg|<\?xml|<body|<head)/.test(text)) return 'webPage';
  return null;
}

const EXTENSIONS: Record<string, AttachmentType> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  pdf: 'application/pdf',
};

/** The type a file's name claims (by its extension), when it claims an accepted one. */
export function claimedAttachmentType(fileName: string): AttachmentType | null {
  const ext = /\.([A-Za-z0-9]+)$/.exec(fileName)?.[1]?.toLowerCase();
  return (ext && EXTENSIONS[ext]) || null;
}

/** The file input's `accept`: a hint for the picker only; the server decides by content. */
export const ATTACHMENT_ACCEPT = '.jpg,.jpeg,.png,.webp,.pdf,image/jpeg,image/png,image/webp,application/pdf';
