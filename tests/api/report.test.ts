/**
 * The report API on the demo community plus edits made through the API: the summary counts the
 * edits (the demo seed is stock, not progress), names the features and changesets behind each
 * figure, gives the same answer for a past period after later edits, and the CSV and scorecard
 * agree with it. Bad periods are a 400 a person can act on. The server's clock is pinned
 * (SANIMAP_NOW) to a Wednesday morning in the project's zone: the demo's history ends in the week
 * before it, on another day, and the period from it holds only the edits made here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../helpers/server';
import { apiClient, expectApiError, point, type ApiClient } from './api-client';

let server: RunningServer;
let api: ApiClient;
const NOW = '2026-11-25T10:00:00+08:00';
/** Where the edits' period starts: the server's pinned now. */
const periodStart = Date.parse(NOW);
/** The edits' day in the project's zone (Asia/Shanghai). */
const TODAY = '2026-11-25';
const iso = (ms: number) => new Date(ms).toISOString();
let periodEnd: string;
const edits: Record<string, number> = {};

async function first(collection: string, test: (p: Record<string, any>) => boolean) {
	const res = await api.get(`/api/collections/${collection}/items?limit=1000`);
	const feature = res.body.features.find((f: any) => test(f.properties));
	expect(feature, `a ${collection} feature to edit`).toBeDefined();
	return feature;
}

async function patch(collection: string, feature: any, properties: Record<string, unknown>) {
	const res = await api.patch(`/api/collections/${collection}/items/${feature.id}`, { properties }, { 'if-match': `"${feature.version}"` });
	expect(res.status, res.text).toBe(200);
	return res.body;
}

const summary = (from: string, to: string) => api.get(`/api/reports/summary?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`);

beforeAll(async () => {
	server = await startServer({ seed: true, env: { SANIMAP_NOW: NOW } });
	api = apiClient(server.url, await server.login());
	const today = TODAY;

	edits.bin1 = (await api.create('bins', point(116.3505, 40.0035), { status: 'installed' })).id;
	edits.bin2 = (await api.create('bins', point(116.3515, 40.0035), { status: 'installed' })).id;
	await api.create('bins', point(116.3525, 40.0035), { status: 'planned' });
	const road = await first('road-segments', (p) => p.hardened === false);
	edits.road = road.id;
	edits.roadChangeset = (await patch('road-segments', road, { hardened: true, surface: 'concrete', hardenedAt: today })).changesetId;
	edits.board = (await patch('display-boards', await first('display-boards', (p) => p.contentUpdatedAt < today), { contentUpdatedAt: today })).id;
	edits.shop = (await patch('shops', await first('shops', (p) => !p.frontageContract), { frontageContract: today })).id;
	edits.drain = (await patch('drains', await first('drains', (p) => p.condition === 'silted'), { condition: 'clear', lastDredgedAt: today })).id;
	const hotspot = await api.post('/api/hotspots', { type: 'Feature', geometry: point(116.3512, 40.0031), properties: { category: 'exposed-rubbish' } });
	expect(hotspot.status, hotspot.text).toBe(201);
	edits.hotspot = hotspot.body.id;
	periodEnd = iso((await serverNow()) + 1);
});

/** The server's clock (pinned at start, running since): the time stamp of a read. */
async function serverNow(): Promise<number> {
	return Date.parse((await api.get('/api/collections/zones/items?limit=1')).body.timeStamp);
}

afterAll(() => server?.stop());

describe('GET /api/reports/summary', () => {
	it('counts the edits of the period and not the seeded stock', async () => {
		const res = await summary(iso(periodStart), periodEnd);
		expect(res.status, res.text).toBe(200);
		expect(res.body.totals).toMatchObject({
			binsAdded: 2,
			binsMoved: 0,
			binsRemoved: 0,
			boardsRenewed: 1,
			contractsSigned: 1,
			drainsDredged: 1,
			hotspotsReported: 1,
			hotspotsResolved: 0,
			hotspotsVerified: 0
		});
		const road = res.body.items.find((i: any) => i.figure === 'roadHardenedM');
		expect(road).toMatchObject({ collection: 'road-segments', id: edits.road, changesetIds: [edits.roadChangeset] });
		expect(res.body.totals.roadHardenedM).toBeCloseTo(road.amount, 1);
		expect(res.body.totals.roadHardenedM2).toBeGreaterThan(res.body.totals.roadHardenedM);
		expect(res.body.zones).toHaveLength(10);
		expect(res.body.historyStartsAt <= periodEnd).toBe(true);
	});

	it('adds up per zone to no more than the total, and names a feature behind every count', async () => {
		const { body } = await summary(iso(periodStart), periodEnd);
		for (const key of ['binsAdded', 'boardsRenewed', 'contractsSigned', 'drainsDredged', 'hotspotsReported'] as const) {
			const inZones = body.zones.reduce((n: number, z: any) => n + z[key], 0);
			const items = body.items.filter((i: any) => i.figure === key);
			expect(items).toHaveLength(body.totals[key]);
			expect(inZones).toBe(items.filter((i: any) => i.zoneId !== null).length);
		}
		expect(body.items.find((i: any) => i.figure === 'binsAdded' && i.id === edits.bin1)).toBeDefined();
	});

	it('gives the same answer for a past period after later edits', async () => {
		const before = await summary(iso(periodStart), periodEnd);
		const bin = (await api.get(`/api/collections/bins/items/${edits.bin1}`)).body;
		expect((await api.del(`/api/collections/bins/items/${bin.id}`, { 'if-match': `"${bin.version}"` })).status).toBeLessThan(300);
		expect((await api.post(`/api/changesets/${edits.roadChangeset}/revert`, {})).status).toBeLessThan(300);
		const after = await summary(iso(periodStart), periodEnd);
		expect(after.body).toEqual(before.body);
		const later = await summary(periodEnd, iso((await serverNow()) + 1));
		expect(later.body.totals).toMatchObject({ binsAdded: 0, binsRemoved: 1, roadHardenedM: 0 });
	});

	it('reads a date in the query as the start of that day in the project zone, and says which zone it used', async () => {
		const byDate = await summary(TODAY, '2026-11-26');
		expect(byDate.body.timeZone).toBe('Asia/Shanghai');
		expect(byDate.body.period).toEqual({ from: '2026-11-25T00:00:00+08:00', to: '2026-11-26T00:00:00+08:00' });
		expect((await summary('2026-11-24T16:00:00Z', '2026-11-25T16:00:00Z')).body).toEqual(byDate.body);
		expect(byDate.body.totals).toMatchObject({ contractsSigned: 1, hotspotsReported: 1 });
	});

	it('refuses a missing, malformed or backwards period with a 400 that says what to send', async () => {
		expectApiError(await api.get('/api/reports/summary?to=2026-11-01'), 400, 'report.period-missing');
		expectApiError(await api.get('/api/reports/summary?from=last-month&to=2026-11-01'), 400, 'report.period-invalid');
		expectApiError(await api.get('/api/reports/summary?from=2026-11-01&to=2026-10-01'), 400, 'report.period-order');
		expectApiError(await api.get('/api/reports/summary?from=2020-01-01&to=2026-01-01'), 400, 'report.period-too-long');
	});
});

describe('scorecard and CSV', () => {
	it('scores every zone with the rule and its source', async () => {
		const res = await api.get('/api/reports/scorecard');
		expect(res.status, res.text).toBe(200);
		expect(res.body.zones).toHaveLength(10);
		const hardening = res.body.total.indicators.find((x: any) => x.key === 'roadHardening');
		expect(hardening).toMatchObject({ unit: '%', target: 90, rule: { key: 'hardeningTargetPct' } });
		expect(['meets', 'close', 'fails']).toContain(hardening.status);
		expect(hardening.rule.source.zh.length).toBeGreaterThan(0);
		expectApiError(await api.get('/api/reports/scorecard?at=yesterday'), 400, 'report.at-invalid');
	});

	it('downloads the progress table as CSV with the same figures', async () => {
		const from = TODAY;
		const to = '2026-11-26';
		const json = await summary(from, to);
		const res = await api.get(`/api/reports/csv?table=progress&from=${from}&to=${to}&lang=zh`);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
		expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="sanimap-progress-/);
		const [header, community] = res.text.replace(/^\uFEFF/, '').trim().split('\r\n');
		expect(header.split(',').slice(0, 6)).toEqual(['zone', 'zoneId', 'from', 'to', 'binsAdded', 'binsMoved']);
		expect(community.startsWith('全社区,')).toBe(true);
		expect(Number(community.split(',')[4])).toBe(json.body.totals.binsAdded);
		// Staff and residents' reports are columns of their own beside the cases reported.
		const columns = header.split(',');
		for (const key of ['hotspotsReported', 'hotspotsFromStaff', 'hotspotsFromPublic', 'hotspotsReopenedByResidents']) {
			expect(columns, key).toContain(key);
			expect(Number(community.split(',')[columns.indexOf(key)]), key).toBe(json.body.totals[key]);
		}
		expect(json.body.totals.hotspotsFromStaff + json.body.totals.hotspotsFromPublic).toBe(json.body.totals.hotspotsReported);
		expectApiError(await api.get(`/api/reports/csv?table=nope&from=${from}&to=${to}`), 400, 'report.table');
	});
});
