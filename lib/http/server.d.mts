import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import type { Trust } from './edge.mjs';

export declare function edgeListener(
  handle: (req: IncomingMessage, res: ServerResponse) => unknown,
  options: { trust: Trust; token?: string; log?: (entry: object) => void },
): RequestListener;
export declare function edgeToken(): string;
export declare function startServer(o: {
  dir: string;
  dev: boolean;
  port: number;
  hostname?: string;
  trust: Trust;
  log?: (entry: object) => void;
}): Promise<Server>;
