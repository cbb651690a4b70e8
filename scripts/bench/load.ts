// One measured item: autocannon drives the server at a fixed number of connections for a while; every
// answer's latency is kept (autocannon's own summary has no p95), and the server's memory is sampled.
import autocannon, { type Request } from 'autocannon';
import { readdirSync, readFileSync } from 'node:fs';

export interface Figures {
  requests: number;
  p50: number;
  p95: number;
  p99: number;
  /** Answers per second over the whole run. */
  rps: number;
  /** Transport errors, timeouts and answers with another status than the one expected. */
  errors: number;
  /** The server's peak resident memory during the run, in MB. */
  peakRssMb: number;
  /**
   * The server's CPU time per answer (ms, user + system): what the request costs the server itself,
   * far less disturbed than latencies by others' work on a shared machine. PostgreSQL's is not in it.
   */
  cpuMs?: number;
  /**
   * PostgreSQL's CPU time per answer (ms): every `postgres` process on this machine, so only when the
   * database is local (the benchmark's own is); other databases' work on the same server counts too.
   */
  dbCpuMs?: number;
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export const round = (n: number) => Math.round(n * 10) / 10;

export function summarise(latencies: number[], seconds: number, errors: number, peakRssMb: number): Figures {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    requests: sorted.length,
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    rps: round(sorted.length / Math.max(seconds, 0.001)),
    errors,
    peakRssMb,
  };
}

/** The process and its children: a server with WEB_CONCURRENCY above 1 is a primary and its workers. */
function family(pid: number): number[] {
  try {
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
    return [pid, ...(children ? children.split(' ').map(Number) : [])];
  } catch {
    return [pid];
  }
}

/** The resident memory of a process and its children (Linux /proc), in MB; 0 when it cannot be read. */
export function rssMb(pid: number): number {
  let kb = 0;
  for (const p of family(pid)) {
    try {
      kb += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, 'utf8'))?.[1] ?? 0);
    } catch {
      // gone
    }
  }
  return Math.round(kb / 1024);
}

/** CPU time so far (user + system) of a process and its children, in ms; Linux /proc, ticks of 10 ms. */
export function cpuMsOf(pid: number): number {
  let ms = 0;
  for (const p of family(pid)) {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ms += (Number(fields[11]) + Number(fields[12])) * 10;
    } catch {
      // gone
    }
  }
  return ms;
}

/** CPU time so far (ms) of every process named `postgres` on this machine: the server and its backends. */
export function postgresCpuMs(): number {
  let ms = 0;
  let entries: string[] = [];
  try {
    entries = readdirSync('/proc');
  } catch {
    return 0;
  }
  for (const p of entries) {
    if (!/^\d+$/.test(p)) continue;
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      if (stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) !== 'postgres') continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ms += (Number(fields[11]) + Number(fields[12])) * 10;
    } catch {
      // gone
    }
  }
  return ms;
}

/** Per answer, rounded to 0.01 ms. */
export const perAnswer = (ms: number, answers: number) => Math.round((ms / Math.max(1, answers)) * 100) / 100;

/** Samples a process's memory every 100 ms until stopped; answers the peak. */
export function memoryWatch(pid: number): () => number {
  let peak = rssMb(pid);
  const timer = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 100);
  return () => {
    clearInterval(timer);
    return Math.max(peak, rssMb(pid));
  };
}

export interface LoadSpec {
  url: string;
  connections: number;
  seconds: number;
  /** A number of requests instead of a duration. */
  amount?: number;
  cookie: string;
  /** The next request's path (and method/body), asked for each request: inputs rotate. */
  next: (i: number) => Request;
  /** The status an answer must have to count (others are errors). */
  expect?: number;
  serverPid: number;
}

export function load(spec: LoadSpec): Promise<Figures> {
  const latencies: number[] = [];
  let wrongStatus = 0;
  let i = 0;
  const stopWatch = memoryWatch(spec.serverPid);
  const cpu = cpuMsOf(spec.serverPid);
  const dbCpu = postgresCpuMs();
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: spec.url,
        connections: spec.connections,
        ...(spec.amount ? { amount: spec.amount } : { duration: spec.seconds }),
        timeout: 30,
        headers: { cookie: spec.cookie, 'accept-language': 'km' },
        requests: [
          {
            setupRequest: (req) => {
              const n = spec.next(i++);
              return { ...req, ...n, headers: { ...req.headers, ...n.headers } };
            },
          },
        ],
      },
      (err, result) => {
        const peak = stopWatch();
        if (err) return reject(err);
        const seconds = (performance.now() - started) / 1000;
        const figures = summarise(latencies, seconds, result.errors + result.timeouts + wrongStatus, peak);
        figures.cpuMs = perAnswer(cpuMsOf(spec.serverPid) - cpu, latencies.length);
        figures.dbCpuMs = perAnswer(postgresCpuMs() - dbCpu, latencies.length);
        resolve(figures);
      },
    );
    instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
      latencies.push(ms);
      if (status !== (spec.expect ?? 200)) wrongStatus += 1;
    });
  });
}
