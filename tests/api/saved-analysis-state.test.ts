/**
 * A restarted server answers the hotspots', the roads' and the coverage figures from the states the
 * last start saved (SANIMAP_STATE_DIR), brought up to date by the edits stored since, on either
 * store: the same answers as a server that reads every feature again, and it says in its log that it did.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer } from '../helpers/server';
import { createTestDatabase, dropTestDatabase } from '../helpers/postgres';
import { apiClient, point } from './api-client';

const ZONES = '/api/analysis/zones?kind=hotspots&from=2026-10-01&to=2026-12-01&now=2026-11-28T00:00:00Z&trend=week';
const HARDENING = '/api/analysis/hardening';
const COVERAGE = '/api/analysis/coverage?uncovered=false';
const env = (stateDir: string) => ({ SANIMAP_NOW: '2026-11-28T09:00:00+08:00', SANIMAP_STATE_DIR: stateDir });
const TAKEN_UP = (layer: string) => new RegExp(`the ${layer} analysis state was taken up as the last start saved it, at changeset \\d+`);

let dir: string;
/** The data every server of the test runs on, left in place by each server's stop(). */
let data: { dbPath: string } | { databaseUrl: string };
const servers: RunningServer[] = [];

beforeAll(async () => {
	dir = mkdtempSync(join(tmpdir(), 'sanimap-saved-state-'));
	data = inject('serverStore') === 'postgres' ? { databaseUrl: await createTestDatabase() } : { dbPath: join(dir, 'sanimap.db') };
});

afterAll(async () => {
	for (const server of servers) await server.stop();
	if ('databaseUrl' in data) await dropTestDatabase(data.databaseUrl);
	rmSync(dir, { recursive: true, force: true });
});

async function serverWith(stateDir: string, seed = false): Promise<RunningServer> {
	const server = await startServer({ ...data, seed, env: env(stateDir) });
	servers.push(server);
	return server;
}

/** The three answers, without the instant the roads' report was made at (each server's clock moves on). */
const figures = async (url: string) => {
	const api = apiClient(url);
	const { computedAt, ...hardening } = (await api.get(HARDENING)).body;
	expect(Date.parse(computedAt)).toBeGreaterThan(0);
	return { zones: (await api.get(ZONES)).body, hardening, coverage: (await api.get(COVERAGE)).body };
};

async function until(seen: () => boolean, server: RunningServer, what = "in the server's log"): Promise<void> {
	for (const t0 = Date.now(); !seen(); await new Promise((r) => setTimeout(r, 50))) {
		if (Date.now() - t0 > 5000) throw new Error(`not ${what} within 5 s:\n${server.output()}`);
	}
}

describe('analysis states saved for the next start', () => {
	it('are taken up by a restarted server, brought up to date, and answer as a server that counts everything again', async () => {
		const stateDir = join(dir, 'states');
		const first = await serverWith(stateDir, true);
		const api = apiClient(first.url, await first.login());
		expect((await api.get(ZONES)).status).toBe(200);
		expect((await api.get(HARDENING)).status).toBe(200);
		expect((await api.get(COVERAGE)).status).toBe(200);
		const saved = () => readdirSync(stateDir).map((f) => f.replace(/-[0-9a-f]{16}\.state$/, '')).sort();
		// The buildings' columns are written by the warm-up's buildings part, after the answers above.
		await until(() => saved().includes('coverage-targets'), first, 'saved by the warm-up');
		expect(saved()).toEqual(['coverage-bins', 'coverage-collection-points', 'coverage-targets', 'hotspots', 'roads']);
		expect(first.output()).not.toMatch(TAKEN_UP('hotspots'));
		// The gaps part comes after the buildings; then the server says the warm-up has ended, once.
		await until(() => first.output().includes('the analysis warm-up has ended'), first);
		expect(first.output().match(/sanimap: the analysis warm-up has ended, \d+\.\d s after it began\./g)).toHaveLength(1);
		// Edits after the save, which the restarted server reads again: a new case, a new road, a new bin.
		const zone = (await api.get('/api/collections/zones/items?limit=1')).body.features[0];
		const [x, y] = zone.geometry.coordinates[0][0];
		await api.create('hotspots', point(x + 0.0001, y + 0.0001), { category: 'exposed-rubbish', status: 'reported', reportedAt: '2026-11-27T10:00:00+08:00' });
		await api.create('road-segments', { type: 'LineString', coordinates: [[x + 0.0001, y + 0.0001], [x + 0.0003, y + 0.0001]] }, { roadClass: 'alley', surface: 'concrete' });
		await api.create('bins', point(x + 0.0002, y + 0.0002), { status: 'installed' });
		const expected = await figures(first.url);
		await first.stop();

		const restarted = await serverWith(stateDir);
		expect(await figures(restarted.url)).toEqual(expected);
		// The worker's log reaches the process's output on its own way, maybe after the answers.
		await until(() => ['hotspots', 'roads', 'coverage-bins'].every((layer) => TAKEN_UP(layer).test(restarted.output())), restarted);
		// The buildings' boxes too: the file is read after the figures, for the first view of the uncovered buildings.
		expect(restarted.output()).toMatch(/the coverage-targets analysis state was taken up as the last start saved it; the buildings file is read when first needed/);
		await restarted.stop();

		// A server with nothing saved counts every feature, and answers the same.
		const counting = await serverWith(join(dir, 'nothing-saved'));
		expect(await figures(counting.url)).toEqual(expected);
		expect(counting.output()).not.toMatch(TAKEN_UP('hotspots'));
	});
});
