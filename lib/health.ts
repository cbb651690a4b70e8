import 'server-only';
import { sql } from 'drizzle-orm';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { db } from '@/db/client';
import { inAppWorkerRunning } from '@/lib/registry/run';
import { version } from '@/package.json';

export async function databaseAnswers(timeoutMs = 2000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('timeout')), timeoutMs);
    });
    await Promise.race([db().execute(sql`select 1`), timeout]);
    return true;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/** Which process answered: behind a load balancer, every instance says who it is and what it runs. */
export interface InstanceInfo {
  /** `hostname:pid`, unique among the instances of a deployment (a container's hostname is its id). */
  id: string;
  hostname: string;
  pid: number;
  startedAt: string;
  /** package.json's version, and the Next.js build id: instances of one deployment should agree on both. */
  version: string;
  build: string | null;
  /** Whether this process runs the registry sync worker (CAMDX_WORKER=app and CamDX configured). */
  registryWorker: boolean;
}

const startedAt = new Date(Date.now() - Math.round(process.uptime() * 1000)).toISOString();
let buildId: string | null | undefined;

function readBuildId(): string | null {
  try {
    return readFileSync(path.join(process.cwd(), '.next', 'BUILD_ID'), 'utf8').trim() || null;
  } catch {
    // `npm run dev` has no build id.
    return null;
  }
}

export function instanceInfo(): InstanceInfo {
  buildId ??= readBuildId();
  const hostname = os.hostname();
  return {
    id: `${hostname}:${process.pid}`,
    hostname,
    pid: process.pid,
    startedAt,
    version,
    build: buildId,
    registryWorker: inAppWorkerRunning(),
  };
}
