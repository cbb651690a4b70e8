import 'server-only';

/**
 * While the security server keeps failing, stop calling it: after `threshold` failures in a row the
 * breaker opens for `cooldownMs` (doubling up to `maxCooldownMs`), then lets one round through.
 */
export class CircuitBreaker {
  private failures = 0;
  private openUntil = 0;
  private cooldown: number;

  constructor(
    private readonly threshold = 3,
    private readonly baseCooldownMs = 2_000,
    private readonly maxCooldownMs = 60_000,
  ) {
    this.cooldown = baseCooldownMs;
  }

  allows(now = Date.now()): boolean {
    return now >= this.openUntil;
  }

  state(now = Date.now()): 'closed' | 'open' {
    return this.allows(now) ? 'closed' : 'open';
  }

  succeeded(): void {
    this.failures = 0;
    this.cooldown = this.baseCooldownMs;
  }

  failed(now = Date.now()): void {
    this.failures += 1;
    if (this.failures >= this.threshold) {
      this.openUntil = now + this.cooldown;
      this.cooldown = Math.min(this.cooldown * 2, this.maxCooldownMs);
    }
  }
}
