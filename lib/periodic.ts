import 'server-only';

type Global = typeof globalThis & {
  __sdpPeriodic?: Map<string, { stop: () => Promise<void> }>;
  __sdpShutdownHooks?: (() => Promise<void>)[];
};

/**
 * Runs `round` now and then every `intervalMs` in this process: once per `name` however often it is
 * called (kept on globalThis: Next may load a module twice), never two rounds at a time, and the
 * server's shutdown waits for the round in progress (scripts/server.mjs). `intervalMs` 0: never.
 * A round logs its own failures; one that throws anyway does not stop the next. Returns the stop
 * function (the one already running's for a name started before; a no-op for 0).
 */
export function startPeriodic(name: string, intervalMs: number, round: () => Promise<void>): () => Promise<void> {
  const g = globalThis as Global;
  g.__sdpPeriodic ??= new Map();
  const started = g.__sdpPeriodic.get(name);
  if (started) return started.stop;
  if (intervalMs <= 0) return async () => {};
  let running: Promise<void> | null = null;
  let stopped = false;
  const tick = () => {
    if (running || stopped) return;
    running = round()
      .catch(() => undefined)
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  const stop = async () => {
    stopped = true;
    clearInterval(timer);
    await running;
    // Only its own entry: a round started again under this name after a stop is not forgotten.
    if (g.__sdpPeriodic?.get(name)?.stop === stop) g.__sdpPeriodic.delete(name);
  };
  g.__sdpPeriodic.set(name, { stop });
  g.__sdpShutdownHooks ??= [];
  g.__sdpShutdownHooks.push(stop);
  tick();
  return stop;
}
