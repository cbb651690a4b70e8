import type { BlockList } from 'node:net';

export declare const CLIENT_ADDRESS_HEADER: string;
export declare const EDGE_TOKEN_HEADER: string;
export type Trust = { kind: 'none' } | { kind: 'hops'; hops: number } | { kind: 'list'; list: BlockList; text: string };
export type IncomingHeaders = Record<string, string | string[] | undefined>;
export interface Client {
  address: string;
  host: string;
  proto: string;
}
export interface Refusal {
  status: number;
  code: string;
  message: string;
  messageKm: string;
}
export declare function parseTrustedProxies(value: string | undefined): Trust;
export declare function normaliseAddress(address: string | undefined): string;
export declare function resolveClient(
  req: { socketAddress: string | undefined; encrypted: boolean; headers: IncomingHeaders },
  trust: Trust,
): Client;
export declare function assignRequestId(headers: IncomingHeaders): string;
export declare function contentSecurityPolicy(nonce: string, dev: boolean): string;
export declare function assignPagePolicy(
  url: string | undefined,
  headers: IncomingHeaders,
  dev: boolean,
): string | null;
export declare function rewriteHeaders(headers: IncomingHeaders, client: Client, token: string): void;
export declare function refusal(
  req: { method: string | undefined; url: string | undefined; headers: IncomingHeaders },
  client: { host: string; proto: string },
): Refusal | null;
