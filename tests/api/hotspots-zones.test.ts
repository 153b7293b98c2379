/**
 * GET /api/analysis/zones on the demo community: the same figures as the `zones` CLI command on
 * the same data, filters by period, category and status, weekly trends, and clear 400s. The server's
 * clock is pinned (SANIMAP_NOW) to the day the demo was made for, so its dates are the files' own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appRoot, startServer, type RunningServer } from '../helpers/server';
import { apiClient, expectApiError, type ApiClient } from './api-client';

let server: RunningServer;
let api: ApiClient;
let dir: string;

const NOW = '2026-11-28T00:00:00Z';

beforeAll(async () => {
	server = await startServer({ seed: true, env: { SANIMAP_NOW: '2026-11-28T09:00:00+08:00' } });
	api = apiClient(server.url);
	dir = mkdtempSync(join(tmpdir(), 'sanimap-zones-'));
});

afterAll(async () => {
	await server?.stop();
	rmSync(dir, { recursive: true, force: true });
});

async function exportLayer(collection: string): Promise<string> {
	const res = await api.get(`/api/collections/${collection}/items?limit=10000`);
	expect(res.status).toBe(200);
	const file = join(dir, `${collection}.geojson`);
	writeFileSync(file, JSON.stringify({ type: 'FeatureCollection', features: res.body.features }));
	return file;
}

describe('zone figures', () => {
	it('match the zones CLI command for last month', async () => {
		const [points, zones] = [await exportLayer('hotspots'), await exportLayer('zones')];
		const res = await api.get(`/api/analysis/zones?kind=hotspots&from=2026-10-01&to=2026-11-01&now=${NOW}&measure=count`);
		// Asynchronously: a blocked event loop would miss the server closing an idle keep-alive
		// socket, and the next fetch would be sent down a dead connection.
		const cli = JSON.parse(
			(await promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'zones', '--points', points, '--zones', zones, '--from', '2026-10-01', '--to', '2026-11-01', '--now', NOW], {
				cwd: appRoot,
				encoding: 'utf8'
			})).stdout
		);
		expect(res.status, res.text).toBe(200);
		expect(res.body.measure).toBe('count');
		expect(res.body.zones).toEqual(cli.zones);
		expect(res.body.outside).toBe(cli.outside);
		expect(res.body.zones).toHaveLength(10);
		const total = res.body.zones.reduce((s: number, z: { count: number }) => s + z.count, 0) + res.body.outside;
		expect(total).toBeGreaterThan(0);
		expect(res.body.zones[0]).toEqual(
			expect.objectContaining({ id: expect.any(Number), name: expect.any(String), count: expect.any(Number), perKm2: expect.any(Number), per1000Residents: expect.any(Number) })
		);
	});

	it('filters by category and status, and the parts add up to the whole', async () => {
		const all = (await api.get(`/api/analysis/zones?from=2026-05-01&to=2026-12-01&now=${NOW}`)).body;
		const open = (await api.get(`/api/analysis/zones?from=2026-05-01&to=2026-12-01&now=${NOW}&status=reported,assigned`)).body;
		const closed = (await api.get(`/api/analysis/zones?from=2026-05-01&to=2026-12-01&now=${NOW}&status=resolved,verified,rejected`)).body;
		all.zones.forEach((z: { count: number; open: number }, i: number) => {
			expect(open.zones[i].count + closed.zones[i].count).toBe(z.count);
			expect(open.zones[i].count).toBe(z.open);
		});
		const debris = (await api.get(`/api/analysis/zones?from=2026-05-01&to=2026-12-01&category=dumped-debris`)).body;
		const sum = (r: { zones: { count: number }[]; outside: number }) => r.zones.reduce((s, z) => s + z.count, 0) + r.outside;
		expect(sum(debris)).toBe(48); // data/README.md: 48 dumped-debris reports in the demo
		expect(sum(all)).toBe(179);
	});

	it('reads dates as days of the project zone and says which zone it used', async () => {
		const byDate = (await api.get(`/api/analysis/zones?from=2026-11-01&to=2026-11-08&now=${NOW}`)).body;
		expect(byDate.timeZone).toBe('Asia/Shanghai');
		expect((await api.get(`/api/analysis/zones?from=2026-10-31T16:00:00Z&to=2026-11-07T16:00:00Z&now=${NOW}`)).body).toEqual(byDate);
	});

	it('adds weekly counts per zone that sum to the zone count', async () => {
		const res = (await api.get(`/api/analysis/zones?from=2026-10-01&to=2026-11-01&trend=week`)).body;
		// October 2026 in Beijing: five ISO weeks, from Monday 28 September 00:00 there.
		expect(res.weeks).toHaveLength(5);
		expect(res.weeks[0]).toEqual({ start: '2026-09-28T00:00:00+08:00', end: '2026-10-05T00:00:00+08:00' });
		for (const z of res.zones) {
			const trend = res.trend[String(z.id)];
			expect(trend).toHaveLength(res.weeks.length);
			expect(trend.reduce((a: number, b: number) => a + b, 0)).toBe(z.count);
		}
	});

	it('refuses what it does not understand with a 400 naming it', async () => {
		expectApiError(await api.get('/api/analysis/zones?kind=bins'), 400, 'query.kind');
		expectApiError(await api.get('/api/analysis/zones?from=last-month'), 400, 'query.from');
		expectApiError(await api.get('/api/analysis/zones?from=2026-11-01&to=2026-10-01'), 400, 'query.range');
		expectApiError(await api.get('/api/analysis/zones?measure=area'), 400, 'query.measure');
		expectApiError(await api.get('/api/analysis/zones?category=rubbish'), 400, 'query.category');
		expectApiError(await api.get('/api/analysis/zones?status=open'), 400, 'query.status');
	});
});
