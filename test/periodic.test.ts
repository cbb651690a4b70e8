import { afterEach, describe, expect, it } from 'vitest';
import { startPeriodic } from '@/lib/periodic';

// The background rounds of a server process (lib/periodic.ts): the dashboard refresher and the audit sealer.

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
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
    await sleep(200);
    expect(rounds).toBeGreaterThanOrEqual(3);
    expect(rounds).toBeLessThanOrEqual(11);
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
    await sleep(60);
    await stop();
    expect(most).toBe(1);
    expect(inFlight).toBe(0);
    const after = finished;
    await sleep(40);
    expect(finished).toBe(after);
  });

  it('goes on after a round that throws, and does nothing with an interval of 0', async () => {
    let rounds = 0;
    stops.push(
      startPeriodic('test-throws', 15, async () => {
        rounds += 1;
        throw new Error('round failed');
      }),
    );
    await sleep(150);
    expect(rounds).toBeGreaterThanOrEqual(2);
    let never = 0;
    stops.push(
      startPeriodic('test-never', 0, async () => {
        never += 1;
      }),
    );
    await sleep(20);
    expect(never).toBe(0);
  });
});
