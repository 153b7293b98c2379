/**
 * Login throttling: after `maxFailures` wrong passwords for one username from one address within
 * `windowMs`, that pair is refused (429 with Retry-After) until the oldest failure leaves the
 * window. Keyed by username and address together, so one attacker cannot lock a user out from
 * everywhere, and one address cannot try a thousand passwords on a user. In memory: a restart
 * forgets the failures, which only ever helps the legitimate user.
 */
export interface RateLimitOptions {
	maxFailures: number;
	windowMs: number;
	/** At most this many keys are remembered; the oldest are dropped first. */
	maxKeys?: number;
	clock?: () => number;
}

export const LOGIN_LIMIT: RateLimitOptions = { maxFailures: 10, windowMs: 15 * 60 * 1000 };

export class FailureRateLimiter {
	private readonly failures = new Map<string, number[]>();
	private readonly clock: () => number;
	private readonly maxKeys: number;

	constructor(private readonly options: RateLimitOptions) {
		this.clock = options.clock ?? Date.now;
		this.maxKeys = options.maxKeys ?? 50_000;
	}

	/** Seconds until this key may try again, or 0 when it may try now. */
	retryAfterSeconds(key: string): number {
		const recent = this.recent(key);
		if (recent.length < this.options.maxFailures) return 0;
		const oldestThatCounts = recent[recent.length - this.options.maxFailures];
		return Math.max(1, Math.ceil((oldestThatCounts + this.options.windowMs - this.clock()) / 1000));
	}

	recordFailure(key: string): void {
		const recent = this.recent(key);
		recent.push(this.clock());
		// Re-inserting moves the key to the end, so the map's order is oldest activity first.
		this.failures.delete(key);
		this.failures.set(key, recent.slice(-this.options.maxFailures));
		if (this.failures.size > this.maxKeys) this.failures.delete(this.failures.keys().next().value!);
	}

	/** A correct password clears the key's failures. */
	reset(key: string): void {
		this.failures.delete(key);
	}

	private recent(key: string): number[] {
		const since = this.clock() - this.options.windowMs;
		const list = (this.failures.get(key) ?? []).filter((t) => t > since);
		if (list.length === 0) this.failures.delete(key);
		return list;
	}
}

export const loginKey = (username: string, address: string) => `${username.trim().toLowerCase()}\u0000${address}`;
