import { describe, expect, it } from 'vitest';
import { AdmissionQueue } from './admission-queue';
import { ServiceError } from './service-error';

/** A task that finishes when told. */
function gate() {
	let open!: () => void;
	const opened = new Promise<void>((r) => (open = r));
	return { open, task: () => opened.then(() => 'done') };
}

const refusal = async (p: Promise<unknown>) => {
	const e = await p.then(() => null, (x: unknown) => x);
	return e instanceof ServiceError ? { reason: e.reason, code: e.code, details: e.details } : e;
};

describe('AdmissionQueue', () => {
	it('runs `concurrency` tasks at once and starts the waiting ones in order as they finish', async () => {
		const q = new AdmissionQueue('job', 'jobs', { concurrency: 1, maxWaiting: 2, perAddress: 5, retryAfterSeconds: 3 });
		const order: string[] = [];
		const a = gate(), b = gate();
		const ra = q.run('x', () => (order.push('a'), a.task()));
		const rb = q.run('x', () => (order.push('b'), b.task()));
		await Promise.resolve();
		expect(order).toEqual(['a']);
		expect(q.size).toEqual({ running: 1, waiting: 1 });
		a.open();
		await ra;
		await new Promise((r) => setTimeout(r, 0));
		expect(order).toEqual(['a', 'b']);
		b.open();
		expect(await rb).toBe('done');
		expect(q.size).toEqual({ running: 0, waiting: 0 });
	});

	it('answers 429 with Retry-After past one address\'s share, while other addresses still get in', async () => {
		const q = new AdmissionQueue('job', 'jobs', { concurrency: 1, maxWaiting: 5, perAddress: 1, retryAfterSeconds: 3 });
		const g = gate();
		const first = q.run('10.0.0.1', g.task);
		expect(await refusal(q.run('10.0.0.1', g.task))).toEqual({ reason: 'rate-limited', code: 'job.rate-limited', details: { retryAfterSeconds: 3, limit: 1 } });
		const other = q.run('10.0.0.2', g.task);
		g.open();
		expect(await Promise.all([first, other])).toEqual(['done', 'done']);
		// The share is given back when a task ends, failed or not.
		expect(await q.run('10.0.0.1', async () => 'again')).toBe('again');
		await q.run('10.0.0.1', async () => { throw new Error('x'); }).catch(() => {});
		expect(await q.run('10.0.0.1', async () => 'after a failure')).toBe('after a failure');
	});

	it('answers 503 when the queue is full, and refuses everything once closed', async () => {
		const q = new AdmissionQueue('job', 'jobs', { concurrency: 1, maxWaiting: 1, perAddress: 9, retryAfterSeconds: 7 });
		const g = gate();
		const running = q.run('a', g.task);
		const waiting = q.run('b', g.task);
		expect(await refusal(q.run('c', g.task))).toMatchObject({ reason: 'unavailable', code: 'job.busy', details: { retryAfterSeconds: 7 } });
		q.close();
		expect(await refusal(waiting)).toMatchObject({ reason: 'unavailable', code: 'server.stopping' });
		expect(await refusal(q.run('d', g.task))).toMatchObject({ reason: 'unavailable', code: 'server.stopping' });
		g.open();
		expect(await running).toBe('done');
	});
});
