/**
 * Throttling of password checks: after `maxFailures` wrong passwords for one key within
 * `windowMs`, that key is refused (429 with Retry-After) until the oldest failure leaves the
 * window. Sign-in is keyed by username and address together, so one attacker cannot lock a user
 * out from everywhere, and one address cannot try a thousand passwords on a user; and by address
 * alone with a higher ceiling, since login names are public (changesets carry them) and ten
 * tries at every account would otherwise be allowed. Checking the current password before a
 * change is keyed by the user, so a stolen token cannot be turned into the password. In memory: a
 * restart forgets the failures, which only ever helps the legitimate user.
 */
export interface RateLimitOptions {
	maxFailures: number;
	windowMs: number;
	/** At most this many keys are remembered; the oldest are dropped first. */
	maxKeys?: number;
	clock?: () => number;
}

export const LOGIN_LIMIT: RateLimitOptions = { maxFailures: 10, windowMs: 15 * 60 * 1000 };
/** Wrong passwords from one address across all usernames; above one person's typos for a few accounts. */
export const ADDRESS_LOGIN_LIMIT: RateLimitOptions = { maxFailures: 30, windowMs: 15 * 60 * 1000 };
/** Wrong current passwords when changing one's own, per user: as many as at sign-in. */
export const PASSWORD_CHECK_LIMIT: RateLimitOptions = LOGIN_LIMIT;

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
export const passwordCheckKey = (userId: number) => `user:${userId}`;
