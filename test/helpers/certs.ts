import { generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';

/**
 * Test certificates made with node:crypto alone: Node can make and sign keys but has no API to build
 * an X.509 certificate, so this encodes the few DER structures one needs (a CA, and leaves it signs).
 * ECDSA P-256 with SHA-256. Only for tests on 127.0.0.1.
 */
export interface Issued {
  cert: string;
  key: string;
  privateKey: KeyObject;
  subject: string;
}

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let x = n; x > 0; x >>= 8) bytes.unshift(x & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}
const tlv = (tag: number, content: Buffer) => Buffer.concat([Buffer.from([tag]), length(content.length), content]);
const seq = (...parts: Buffer[]) => tlv(0x30, Buffer.concat(parts));
const set = (...parts: Buffer[]) => tlv(0x31, Buffer.concat(parts));
const integer = (b: Buffer) => tlv(0x02, b[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), b]) : b);
const octets = (b: Buffer) => tlv(0x04, b);
const bits = (b: Buffer) => tlv(0x03, Buffer.concat([Buffer.from([0]), b]));
const bool = (v: boolean) => tlv(0x01, Buffer.from([v ? 0xff : 0]));
const explicit = (n: number, content: Buffer) => tlv(0xa0 + n, content);

function oid(dotted: string): Buffer {
  const [a, b, ...rest] = dotted.split('.').map(Number) as [number, number, ...number[]];
  const out = [40 * a + b];
  for (const v of rest) {
    const chunk = [v & 0x7f];
    for (let x = v >> 7; x > 0; x >>= 7) chunk.unshift((x & 0x7f) | 0x80);
    out.push(...chunk);
  }
  return tlv(0x06, Buffer.from(out));
}

const name = (cn: string) => seq(set(seq(oid('2.5.4.3'), tlv(0x0c, Buffer.from(cn, 'utf8')))));
const utcTime = (d: Date) => tlv(0x17, Buffer.from(`${d.toISOString().slice(2, 19).replace(/[-:T]/g, '')}Z`));
const ECDSA_SHA256 = seq(oid('1.2.840.10045.4.3.2'));
const extension = (id: string, critical: boolean, value: Buffer) =>
  seq(oid(id), ...(critical ? [bool(true)] : []), octets(value));

function pem(der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}

function issue(
  subject: string,
  issuer: { subject: string; privateKey: KeyObject } | null,
  ca: boolean,
  ip?: string,
): Issued {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const serial = randomBytes(8);
  serial[0]! &= 0x7f;
  const now = Date.now();
  const exts = [extension('2.5.29.19', true, ca ? seq(bool(true)) : seq())];
  if (ip) {
    // subjectAltName: dNSName localhost and iPAddress, so hostname checks pass for 127.0.0.1.
    const octetsOf = Buffer.from(ip.split('.').map(Number));
    exts.push(extension('2.5.29.17', false, seq(tlv(0x82, Buffer.from('localhost')), tlv(0x87, octetsOf))));
  }
  const tbs = seq(
    explicit(0, integer(Buffer.from([2]))),
    integer(serial),
    ECDSA_SHA256,
    name(issuer?.subject ?? subject),
    seq(utcTime(new Date(now - 60_000)), utcTime(new Date(now + 24 * 3600_000))),
    name(subject),
    publicKey.export({ type: 'spki', format: 'der' }),
    explicit(3, seq(...exts)),
  );
  const signature = sign('sha256', tbs, issuer?.privateKey ?? privateKey);
  return {
    cert: pem(seq(tbs, ECDSA_SHA256, bits(signature))),
    key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    privateKey,
    subject,
  };
}

/** A self-signed CA. */
export function makeCa(subject = 'SDP test CA'): Issued {
  return issue(subject, null, true);
}

/** A leaf signed by `ca`; with `ip`, usable as a server certificate for that address. */
export function issueLeaf(ca: Issued, subject: string, ip?: string): Issued {
  return issue(subject, ca, false, ip);
}
