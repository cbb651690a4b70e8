#!/usr/bin/env node
// `npm run bench:bodies -- --port 3000 --pid <server pid>`: eight parallel 50 MB server-action bodies,
// signed out, actually sent (not just declared), against a running production server; prints each
// answer's status and time, and the server process's memory before, at its peak, and after.
// Issue 12's target: no growth beyond 50 MB.
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const port = Number(arg('port', process.env.PORT ?? 3000));
const pid = Number(arg('pid', 0));
const parallel = Number(arg('parallel', 8));
const size = Number(arg('mb', 50)) * 1024 * 1024;
if (!pid) {
  console.error('usage: npm run bench:bodies -- --port <port> --pid <pid of the server process>');
  process.exit(2);
}

const rssMb = () => {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/);
  return line ? Number(line[1]) / 1024 : NaN;
};

function attempt() {
  const started = Date.now();
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    let sent = 0;
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    socket.on('connect', () => {
      socket.write(
        `POST /households/new HTTP/1.1\r\nhost: localhost:${port}\r\nnext-action: 00${'a'.repeat(40)}\r\n` +
          `content-type: text/plain;charset=UTF-8\r\ncontent-length: ${size}\r\n\r\n`,
      );
      const pump = () => {
        while (sent < size && !socket.destroyed) {
          sent += chunk.length;
          if (!socket.write(chunk)) return socket.once('drain', pump);
        }
      };
      pump();
    });
    socket.on('data', (d) => (answer += d.toString()));
    const done = () =>
      resolve({ status: Number(answer.split(' ')[1]) || 0, ms: Date.now() - started, sentMb: sent / 1024 / 1024 });
    socket.on('close', done);
    socket.on('error', () => undefined);
  });
}

const before = rssMb();
let peak = before;
const timer = setInterval(() => (peak = Math.max(peak, rssMb())), 20);
const results = await Promise.all(Array.from({ length: parallel }, attempt));
await new Promise((r) => setTimeout(r, 500));
clearInterval(timer);
const after = rssMb();
for (const r of results) console.log(`status ${r.status} in ${r.ms} ms (client had written ${r.sentMb.toFixed(1)} MB)`);
console.log(
  `server RSS: before ${before.toFixed(0)} MB, peak ${peak.toFixed(0)} MB (+${(peak - before).toFixed(0)}), after ${after.toFixed(0)} MB`,
);
