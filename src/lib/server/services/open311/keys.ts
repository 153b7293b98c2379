/**
 * Open311 API keys: an administrator issues one per client (a name and a rate limit), the key is
 * shown once and only its SHA-256 is kept, and a revoked key is refused from then on. Each key may
 * post `ratePerHour` requests in any hour (in memory: a restart forgets the count).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Open311KeyRow, Open311KeyStore } from '../../store/open311';
import { ServiceError } from '../service-error';
import { FailureRateLimiter } from '../../auth/rate-limit';

export const DEFAULT_KEY_RATE_PER_HOUR = 120;
export const MAX_KEY_RATE_PER_HOUR = 10_000;
const HOUR_MS = 3_600_000;

export type Open311Key = Open311KeyRow;

const hashOf = (key: string) => createHash('sha256').update(key).digest('hex');

export class Open311KeyService {
	private readonly limiters = new Map<number, FailureRateLimiter>();

	constructor(
		private readonly store: Open311KeyStore,
		private readonly clock: () => Date
	) {}

	/** A new key: answers it once, with its id and name. */
	async issue(body: unknown, author: string): Promise<Open311Key & { key: string }> {
		const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
		const name = typeof b.name === 'string' ? b.name.trim() : '';
		if (!name || name.length > 100) throw new ServiceError('invalid', 'open311-key.name', 'Give the key a name of 1 to 100 characters (who uses it).', { path: 'name' });
		const rate = b.ratePerHour === undefined ? DEFAULT_KEY_RATE_PER_HOUR : b.ratePerHour;
		if (typeof rate !== 'number' || !Number.isInteger(rate) || rate < 1 || rate > MAX_KEY_RATE_PER_HOUR) {
			throw new ServiceError('invalid', 'open311-key.rate', `"ratePerHour" must be a whole number from 1 to ${MAX_KEY_RATE_PER_HOUR}.`, { path: 'ratePerHour' });
		}
		const key = `o311_${randomBytes(24).toString('base64url')}`;
		const row = await this.store.insertKey({ name, keyHash: hashOf(key), ratePerHour: rate, createdAt: this.clock().toISOString(), createdBy: author });
		return { ...row, key };
	}

	list(): Promise<Open311Key[]> {
		return this.store.listKeys();
	}

	/** Revokes a key; one revoked already keeps the time it was first revoked. */
	async revoke(id: number): Promise<Open311Key> {
		const row = await this.store.revokeKey(id, this.clock().toISOString());
		if (!row) throw new ServiceError('not-found', 'open311-key.not-found', `There is no Open311 key ${id}.`);
		return row;
	}

	/** The live key `key` is, or null when it is unknown or revoked. */
	async verify(key: string | null | undefined): Promise<Open311Key | null> {
		if (!key) return null;
		const row = await this.store.keyByHash(hashOf(key));
		if (!row || row.revokedAt) return null;
		return row;
	}

	/** Counts one request of this key: seconds to wait when it is over its hourly rate, else 0 (and it counts). */
	take(key: Open311Key): number {
		let limiter = this.limiters.get(key.id);
		if (!limiter) this.limiters.set(key.id, (limiter = new FailureRateLimiter({ maxFailures: key.ratePerHour, windowMs: HOUR_MS })));
		const wait = limiter.retryAfterSeconds('posts');
		if (wait === 0) limiter.recordFailure('posts');
		return wait;
	}
}
