// V8 flags of the production server's processes (`npm start`, the benchmark, the multi-instance test).
//
// A young generation with semi-spaces of up to 32 MB (V8's own limit here is 16 MB). Every request
// allocates short-lived objects (Next's request and response, drizzle's query, postgres-js's rows, the
// JSON): a larger young generation is scavenged half as often and promotes less to the old one. Measured
// with `npm run bench`, two runs each on the same machine: the exact search kinds' p95 at one connection
// 4.3–5.5 → 3.8–4.4 ms, mixed search at 32 connections about the same (211–227/s against 216/s), the
// server's resident memory 30–60 MB higher (docs/operations.md, Memory).
export const SERVER_NODE_FLAGS = Object.freeze(['--max-semi-space-size=32']);
