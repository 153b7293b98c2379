/**
 * A server started on a new database with the demo seed serves exactly the demo community from
 * data/demo/<collection>.geojson, one layer per file, as a history that ends just before its first
 * start: a stock changeset, then the edits of the preceding months. The clock is pinned
 * (SANIMAP_NOW) at more than one first start; at each, last month's report has the zones and the
 * same hotspot count as the hotspot figures of that month.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRoot, startServer, type RunningServer } from '../helpers/server';
import { apiClient, COLLECTIONS, type ApiClient } from './api-client';

const demoDir = join(appRoot, 'data', 'demo');
const demoFile = (collection: string) => join(demoDir, `${collection}.geojson`);
/** Features per collection in the demo files; 0 where a file is not there. */
const expected = Object.fromEntries(
	COLLECTIONS.map((c) => [c, existsSync(demoFile(c)) ? (JSON.parse(readFileSync(demoFile(c), 'utf8')).features as unknown[]).length : 0])
);
const total = Object.values(expected).reduce((a, b) => a + b, 0);
const WEEK_MS = 7 * 86_400_000;

/** Two first starts: the day the demo was made for, and half a year later, past a year end. */
const FIRST_STARTS = [
	{ now: '2026-11-28T09:00:00+08:00', lastMonth: { from: '2026-10-01', to: '2026-11-01', range: '2026-10-01 – 2026-10-31' } },
	{ now: '2027-06-15T10:00:00+08:00', lastMonth: { from: '2027-05-01', to: '2027-06-01', range: '2027-05-01 – 2027-05-31' } }
];

let server: RunningServer;
let client: ApiClient;

beforeAll(async () => {
	server = await startServer({ seed: true, env: { SANIMAP_NOW: FIRST_STARTS[0].now } });
	client = apiClient(server.url);
});

afterAll(() => server?.stop());

describe('the demo seed', () => {
	it('serves as many features per layer as its demo file holds', async () => {
		const res = await client.get('/api/collections');
		const counts = Object.fromEntries(res.body.collections.map((c: { id: string; count: number }) => [c.id, c.count]));
		expect(counts).toEqual(expected);
		for (const c of COLLECTIONS) {
			const items = await client.get(`/api/collections/${c}/items?limit=1`);
			expect(items.body.numberMatched, c).toBe(expected[c]);
		}
	});

	it.runIf(existsSync(demoDir))('has features in every layer', () => {
		for (const c of COLLECTIONS) {
			expect(existsSync(demoFile(c)), `${demoFile(c)} is missing`).toBe(true);
			expect(expected[c], `${c} has no demo features`).toBeGreaterThan(0);
		}
	});

	it('records a stock changeset, then the edits of the months before the first start, the last within its week', async () => {
		const latest = (await client.get('/api/changesets?limit=1')).body.changesets;
		if (total === 0) {
			expect(latest).toEqual([]);
			return;
		}
		const stock = (await client.get('/api/changesets/1')).body;
		expect(stock).toMatchObject({ source: 'seed', author: 'sanimap' });
		const newest = latest[0];
		expect(newest.meta).toMatchObject({ demo: true });
		expect(newest.id).toBeGreaterThan(500);
		const now = Date.parse(FIRST_STARTS[0].now);
		expect(Date.parse(newest.createdAt)).toBeLessThanOrEqual(now);
		expect(Date.parse(newest.createdAt)).toBeGreaterThan(now - WEEK_MS);
		expect(Date.parse(stock.createdAt)).toBeLessThan(now - 52 * WEEK_MS);
		// Every feature is written by the stock or created by a later edit: as many as the files hold.
		let created = 0;
		for (let before: number | undefined = newest.id + 1; before !== undefined; ) {
			const page = (await client.get(`/api/changesets?limit=500&before=${before}`)).body.changesets as { id: number; features: { action: string; kind: string }[] }[];
			// The demo's inspections are inspections, not features of the demo files.
			created += page.reduce((n, c) => n + c.features.filter((f) => f.action === 'create' && f.kind !== 'inspection').length, 0);
			before = page.length === 500 ? page.at(-1)!.id : undefined;
		}
		expect(created).toBe(total);
	});

	it('has a work cycle on day one: a ranking with figures, zones due and overdue, shops checked', async () => {
		const day = FIRST_STARTS[0].now.slice(0, 10);
		const ranking = (await client.get(`/api/rankings?period=month&at=${day}`)).body;
		const ranked = ranking.zones.filter((z: { rank: number | null }) => z.rank !== null);
		expect(ranking.zones).toHaveLength(10);
		expect(ranked.length).toBe(9);
		expect(ranking.zones.at(-1)).toMatchObject({ score: null, rank: null, inspections: 0 });
		expect(ranking.red).toHaveLength(3);
		expect(ranking.black).toHaveLength(3);
		expect(ranked.filter((z: { change: number | null }) => z.change !== null).length).toBeGreaterThan(0);
		const states = new Set((await client.get(`/api/inspections/due?at=${day}`)).body.zones.map((z: { state: string }) => z.state));
		expect([...states].sort()).toEqual(['due', 'ok', 'overdue']);
		const shops = (await client.get(`/api/shops/frontage?at=${day}`)).body;
		expect(shops.shops.filter((s: { latest: unknown }) => s.latest !== null).length).toBeGreaterThan(10);
		// Some rounds were walked: their patrol share is known.
		const walked = (await client.get('/api/inspections')).body.inspections.filter((i: { patrol: { walkedM: number } | null }) => i.patrol !== null && i.patrol.walkedM > 0);
		expect(walked.length).toBeGreaterThan(0);
	});

	it('does not seed a second time when the server restarts on the same database, a week later', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'sanimap-restart-'));
		const dbPath = join(dir, 'sanimap.db');
		try {
			const first = await startServer({ seed: true, dbPath, env: { SANIMAP_NOW: FIRST_STARTS[0].now } });
			const before = await apiClient(first.url).snapshot();
			await first.stop();
			const second = await startServer({ seed: true, dbPath, env: { SANIMAP_NOW: new Date(Date.parse(FIRST_STARTS[0].now) + WEEK_MS).toISOString() } });
			try {
				expect(await apiClient(second.url).snapshot()).toEqual(before);
			} finally {
				await second.stop();
			}
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
});

describe.each(FIRST_STARTS)('on a demo first started at $now', ({ now, lastMonth }) => {
	let demo: RunningServer;
	let api: ApiClient;

	beforeAll(async () => {
		demo = now === FIRST_STARTS[0].now ? server : await startServer({ seed: true, env: { SANIMAP_NOW: now } });
		api = apiClient(demo.url);
	});

	afterAll(async () => {
		if (demo !== server) await demo?.stop();
	});

	it('reports last month with the zones and as many hotspots as the hotspot figures count', async () => {
		const query = `from=${lastMonth.from}&to=${lastMonth.to}`;
		const summary = (await api.get(`/api/reports/summary?${query}`)).body;
		const zones = (await api.get(`/api/analysis/zones?kind=hotspots&${query}`)).body;
		expect(summary.timeZone).toBe('Asia/Shanghai');
		expect(summary.zones).toHaveLength(10);
		const mapped = zones.zones.reduce((n: number, z: { count: number }) => n + z.count, 0) + zones.outside;
		expect(mapped).toBeGreaterThan(0);
		expect(summary.totals.hotspotsReported).toBe(mapped);
		expect(summary.totals.hotspotsResolved).toBeGreaterThan(0);
		expect(Date.parse(summary.historyStartsAt)).toBeLessThan(Date.parse(summary.period.from));
		const card = (await api.get(`/api/reports/scorecard?at=${lastMonth.to}`)).body;
		expect(card.zones).toHaveLength(10);
		expect(card.total.indicators.find((x: { key: string }) => x.key === 'binCoverage').value).toBeGreaterThan(0);
	});

	it('opens the report page on last month, with the zones', async () => {
		const res = await fetch(`${demo.url}/report`);
		const html = await res.text();
		expect(res.status).toBe(200);
		expect(html).toContain(lastMonth.range);
		for (const notice of ['There are no zones yet', '尚未划分片区', 'no-history']) expect(html).not.toContain(notice);
	});
});
