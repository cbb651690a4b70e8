import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startPeriodic } from '@/lib/periodic';

// The background rounds of a server process (lib/periodic.ts): the dashboard refresher and the audit
// sealer. On fake timers: a loaded machine must not decide how many rounds ran.

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const stops: (() => Promise<void>)[] = [];
beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(async () => {
  const stopping = Promise.all(stops.splice(0).map((stop) => stop()));
  await vi.runAllTimersAsync();
  await stopping;
  vi.useRealTimers();
});

describe('startPeriodic', () => {
  it('runs a round at once and then on its interval, once per name however often it is started', async () => {
    let rounds = 0;
    const round = async () => {
      rounds += 1;
    };
    const stop = startPeriodic('test-once', 20, round);
    stops.push(stop);
    expect(startPeriodic('test-once', 20, round)).toBe(stop);
    expect(rounds).toBe(1);
    await vi.advanceTimersByTimeAsync(100);
    expect(rounds).toBe(6);
  });

  it('starts again under a name once stopped, and a second stop of the old one leaves the new one running', async () => {
    const first = startPeriodic('test-again', 20, async () => {});
    await first();
    let rounds = 0;
    const second = startPeriodic('test-again', 20, async () => {
      rounds += 1;
    });
    stops.push(second);
    expect(second).not.toBe(first);
    await first();
    expect(startPeriodic('test-again', 20, async () => {})).toBe(second);
    await vi.advanceTimersByTimeAsync(40);
    expect(rounds).toBe(3);
  });

  it('never runs two rounds at a time, and stopping waits for the round in progress', async () => {
    let inFlight = 0;
    let most = 0;
    let finished = 0;
    const stop = startPeriodic('test-slow', 10, async () => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await sleep(45);
      inFlight -= 1;
      finished += 1;
    });
    // Rounds at 0 (to 45) and 50 (to 95); the ticks in between find one running and let it be.
    await vi.advanceTimersByTimeAsync(60);
    expect(finished).toBe(1);
    let stopped = false;
    const stopping = stop().then(() => (stopped = true));
    await vi.advanceTimersByTimeAsync(30);
    expect(stopped).toBe(false);
    await vi.advanceTimersByTimeAsync(10);
    await stopping;
    expect({ most, inFlight, finished }).toEqual({ most: 1, inFlight: 0, finished: 2 });
    await vi.advanceTimersByTimeAsync(100);
    expect(finished).toBe(2);
  });

  it('goes on after a round that throws, and does nothing with an interval of 0', async () => {
    let rounds = 0;
    stops.push(
      startPeriodic('test-throws', 15, async () => {
        rounds += 1;
        throw new Error('round failed');
      }),
    );
    await vi.advanceTimersByTimeAsync(60);
    expect(rounds).toBe(5);
    let never = 0;
    stops.push(
      startPeriodic('test-never', 0, async () => {
        never += 1;
      }),
    );
    await vi.advanceTimersByTimeAsync(100);
    expect(never).toBe(0);
  });
});
