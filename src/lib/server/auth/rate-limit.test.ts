import { describe, expect, it } from 'vitest';
import { FailureRateLimiter, loginKey } from './rate-limit';

const limiter = () => {
	let now = 1_000_000;
	const l = new FailureRateLimiter({ maxFailures: 10, windowMs: 15 * 60_000, clock: () => now });
	return { l, advance: (ms: number) => (now += ms) };
};

describe('login throttling', () => {
	it('allows ten failures and refuses the eleventh try until the first leaves the window', () => {
		const { l, advance } = limiter();
		const key = loginKey('Admin', '10.0.0.1');
		for (let i = 0; i < 10; i++) {
			expect(l.retryAfterSeconds(key)).toBe(0);
			l.recordFailure(key);
			advance(1000);
		}
		expect(l.retryAfterSeconds(key)).toBe(15 * 60 - 10);
		advance((15 * 60 - 10) * 1000);
		expect(l.retryAfterSeconds(key)).toBe(0);
	});

	it('keys by username and address together, case-insensitively', () => {
		const { l } = limiter();
		for (let i = 0; i < 10; i++) l.recordFailure(loginKey('admin', '10.0.0.1'));
		expect(l.retryAfterSeconds(loginKey('ADMIN', '10.0.0.1'))).toBeGreaterThan(0);
		expect(l.retryAfterSeconds(loginKey('admin', '10.0.0.2'))).toBe(0);
		expect(l.retryAfterSeconds(loginKey('planner', '10.0.0.1'))).toBe(0);
	});

	it('forgets a key on success', () => {
		const { l } = limiter();
		const key = loginKey('a', 'b');
		for (let i = 0; i < 9; i++) l.recordFailure(key);
		l.reset(key);
		l.recordFailure(key);
		expect(l.retryAfterSeconds(key)).toBe(0);
	});

	it('remembers a bounded number of keys', () => {
		let now = 0;
		const l = new FailureRateLimiter({ maxFailures: 1, windowMs: 60_000, maxKeys: 3, clock: () => now });
		for (const k of ['a', 'b', 'c', 'd']) l.recordFailure(k);
		expect(l.retryAfterSeconds('a')).toBe(0);
		expect(l.retryAfterSeconds('d')).toBeGreaterThan(0);
	});
});
