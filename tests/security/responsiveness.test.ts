/**
 * No request freezes the server for everyone. An unbounded analysis is refused at once; the
 * bounded but costly ones (the exact site solver, coverage at the widest radius, a two-year
 * report, a layer export) run in analysis workers, so the main thread goes on answering reads;
 * and one address cannot fill the workers' queue. Latency of concurrent reads is the measure.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../helpers/server';
import { fetchFrom } from '../helpers/from-address';

/** What a read may take while analyses run, on a loaded two-core test machine. */
const READ_WITHIN_MS = 500;
/**
 * While the report page is among them: the page itself is rendered on the main thread (Svelte's
 * server rendering of a two-year report with its maps, 0.3–0.5 s here), and a read can wait for that.
 */
const READ_BESIDE_REPORT_PAGE_MS = 1_000;
const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];
let server: RunningServer;
let planner: string;

beforeAll(async () => {
	// One worker, as on a two-core machine: the queue and its limits are met sooner.
	server = await startServer({ seed: true, env: { SANIMAP_ANALYSIS_WORKERS: '1' } });
	planner = (await server.createUser('plan', 'planner')).token;
}, 120_000);
afterAll(() => server?.stop());

/** Reads the layer list and a page of bins over and over until `work` settles; their latencies. */
async function readsWhile<T>(work: Promise<T>): Promise<{ result: T; reads: number[] }> {
	let done = false;
	const settled = work.finally(() => (done = true));
	const reads: number[] = [];
	let k = 0;
	while (!done) {
		const t0 = performance.now();
		const res = await fetch(`${server.url}${k++ % 2 ? '/api/collections' : '/api/collections/bins/items?limit=20'}`);
		await res.arrayBuffer();
		expect(res.status).toBe(200);
		if (!done) reads.push(performance.now() - t0);
	}
	return { result: await settled, reads };
}

const exactSolve = (timeLimit: number) =>
	fetch(`${server.url}/api/analysis/sites`, {
		method: 'POST',
		headers: { authorization: `Bearer ${planner}`, 'content-type': 'application/json' },
		body: JSON.stringify({ count: 100, spacing: 2, exact: true, timeLimit })
	});

it('refuses the unbounded weekly trend at once, and reads meanwhile are not held up', async () => {
	const t0 = performance.now();
	const { result, reads } = await readsWhile(fetch(`${server.url}/api/analysis/zones?kind=hotspots&from=1000-01-01&to=9999-12-31&trend=week`).then(async (r) => ({ status: r.status, body: await r.json() })));
	expect(performance.now() - t0).toBeLessThan(1_000);
	expect(result.status).toBe(400);
	expect(result.body.code).toBe('query.trend-period');
	expect(Math.max(0, ...reads)).toBeLessThan(READ_WITHIN_MS);
});

it('answers reads promptly while the exact solver, coverage, a two-year report and an export run', { timeout: 120_000 }, async () => {
	const costly = Promise.all([
		exactSolve(10).then((r) => r.status),
		fetch(`${server.url}/api/analysis/coverage?radius=1000`).then((r) => r.status),
		fetch(`${server.url}/report?from=2025-01-01&to=2026-12-31`).then((r) => r.status),
		fetch(`${server.url}/api/analysis/zones?kind=hotspots&from=2025-01-01&to=2026-12-31&trend=week`).then((r) => r.status),
		fetch(`${server.url}/api/collections/road-segments/export?format=kml`).then((r) => r.status)
	]);
	const t0 = performance.now();
	const { result, reads } = await readsWhile(costly);
	const ms = Math.round(performance.now() - t0);
	expect(result).toEqual([200, 200, 200, 200, 200]);
	// The work took long enough to be overlapped many times, and no read waited for it.
	expect(reads.length, `${reads.length} reads during ${ms} ms of analyses`).toBeGreaterThanOrEqual(5);
	expect(Math.max(...reads), `slowest of ${reads.length} reads during ${ms} ms of analyses`).toBeLessThan(READ_BESIDE_REPORT_PAGE_MS);
	expect(percentile(reads, 0.95), `95th percentile of ${reads.length} reads during ${ms} ms of analyses`).toBeLessThan(READ_WITHIN_MS / 2);
});

it('answers reads within 500 ms while the exact solver runs for its full time limit', { timeout: 120_000 }, async () => {
	const { result, reads } = await readsWhile(exactSolve(5).then((r) => r.status));
	expect(result).toBe(200);
	expect(reads.length).toBeGreaterThanOrEqual(5);
	expect(Math.max(...reads), `slowest of ${reads.length} reads`).toBeLessThan(READ_WITHIN_MS);
});

it('lets one address have at most 6 analyses running or waiting: the next gets 429 with Retry-After, another address still gets in', { timeout: 120_000 }, async () => {
	const running = exactSolve(10);
	await new Promise((r) => setTimeout(r, 300));
	const waiting = Array.from({ length: 5 }, () => fetchFrom('127.0.0.1', `${server.url}/api/analysis/coverage`));
	await new Promise((r) => setTimeout(r, 200));
	const seventh = await fetchFrom('127.0.0.1', `${server.url}/api/analysis/coverage`);
	expect(seventh.status, seventh.body.toString()).toBe(429);
	expect(JSON.parse(seventh.body.toString())).toMatchObject({ code: 'analysis.rate-limited', details: { limit: 6 } });
	expect(Number(seventh.headers['retry-after'])).toBeGreaterThan(0);
	const elsewhere = fetchFrom('127.0.0.2', `${server.url}/api/analysis/coverage`);
	expect((await running).status).toBe(200);
	expect((await Promise.all(waiting)).map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
	expect((await elsewhere).status).toBe(200);
});
