/** The outcome of counting one attempt against a limit. */
export interface RateDecision {
  allowed: boolean;
  /** Seconds until the window resets (for Retry-After). */
  retryAfter: number;
}

/** A named limit: at most `max` attempts per `windowMs`. */
export interface RateRule {
  max: number;
  windowMs: number;
}

/**
 * Fixed-window counters kept in memory. Redacta runs as one process, so memory is the simplest
 * correct store; a restart forgets counts, which only ever errs towards letting people in.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Counts one attempt for `key` and says whether it is within `rule`. */
  hit(key: string, rule: RateRule): RateDecision {
    const t = this.now();
    let w = this.windows.get(key);
    if (!w || w.resetAt <= t) {
      w = { count: 0, resetAt: t + rule.windowMs };
      this.windows.set(key, w);
    }
    w.count += 1;
    return { allowed: w.count <= rule.max, retryAfter: Math.max(1, Math.ceil((w.resetAt - t) / 1000)) };
  }

  /** Checks without counting. */
  peek(key: string, rule: RateRule): RateDecision {
    const t = this.now();
    const w = this.windows.get(key);
    if (!w || w.resetAt <= t) return { allowed: true, retryAfter: 0 };
    return { allowed: w.count < rule.max, retryAfter: Math.max(1, Math.ceil((w.resetAt - t) / 1000)) };
  }

  /** Forgets a key (a successful login clears the failures of that account). */
  reset(key: string): void {
    this.windows.delete(key);
  }

  /** Drops expired windows so memory stays bounded. */
  prune(): void {
    const t = this.now();
    for (const [key, w] of this.windows) if (w.resetAt <= t) this.windows.delete(key);
  }
}

/**
 * The limits for authentication (every attempt is counted before the password is checked).
 * Per account and IP: a few guesses at one account from one address. Per account: a higher cap
 * for guesses spread over many addresses (a known device is exempt, so the owner is not locked
 * out). Per IP: generous enough for a household or office behind one address.
 */
export const AUTH_LIMITS = {
  loginPerAccountAndIp: { max: 5, windowMs: 15 * 60_000 },
  loginPerAccount: { max: 20, windowMs: 15 * 60_000 },
  loginPerIp: { max: 50, windowMs: 15 * 60_000 },
  signupPerIp: { max: 20, windowMs: 60 * 60_000 },
  /** Notes to an existing owner that someone tried to sign up with their address. */
  signupNoticePerAccount: { max: 3, windowMs: 60 * 60_000 },
  resetPerAccount: { max: 3, windowMs: 60 * 60_000 },
  resetPerIp: { max: 20, windowMs: 60 * 60_000 },
  passwordChangePerUser: { max: 5, windowMs: 15 * 60_000 },
} satisfies Record<string, RateRule>;
