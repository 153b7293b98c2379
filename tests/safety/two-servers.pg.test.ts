/**
 * Two app servers on one PostgreSQL database serve one community: clients spread over both race
 * on the same versions and exactly one write wins each time, the rest 409; what one server stores
 * is in the other's tiles and analyses within a second (their caches are keyed on the latest
 * changeset, which both read from the database).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { apiClient, expectApiError, point, type ApiClient } from '../api/api-client';
import { startServer, type RunningServer } from '../helpers/server';

let a: RunningServer;
let b: RunningServer;
let clients: ApiClient[];
const CLIENTS = 12;

beforeAll(async () => {
	a = await startServer({ store: 'postgres', seed: true });
	b = await startServer({ databaseUrl: a.databaseUrl, seed: true });
	const tokens = await Promise.all([a.login(), b.login(), ...[0, 1].map(async (i) => (await a.createUser(`field${i}`, 'field')).token)]);
	// Half the clients on each server, every session usable on both (sessions live in the database).
	clients = Array.from({ length: CLIENTS }, (_, i) => apiClient(i % 2 === 0 ? a.url : b.url, tokens[i % tokens.length]));
});

afterAll(async () => {
	await b?.stop();
	await a?.stop();
});

const item = (id: number) => `/api/collections/bins/items/${id}`;

/** Asks `check` again every 50 ms until it holds or a second has passed; how long it took, ms. */
async function within(ms: number, check: () => Promise<boolean>): Promise<number> {
	const t0 = Date.now();
	while (!(await check())) {
		if (Date.now() - t0 > ms) throw new Error(`not seen within ${ms} ms`);
		await new Promise((r) => setTimeout(r, 50));
	}
	return Date.now() - t0;
}

function tileAt(lon: number, lat: number, z: number) {
	const n = 2 ** z;
	const rad = (lat * Math.PI) / 180;
	return { z, x: Math.floor(((lon + 180) / 360) * n), y: Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n) };
}

async function tileIds(server: RunningServer, collection: string, lon: number, lat: number): Promise<number[]> {
	const { z, x, y } = tileAt(lon, lat, 17);
	const res = await fetch(`${server.url}/api/tiles/${collection}/${z}/${x}/${y}.pbf`);
	expect(res.status).toBe(200);
	const layer = new VectorTile(new PbfReader(new Uint8Array(await res.arrayBuffer()))).layers[collection];
	return layer ? Array.from({ length: layer.length }, (_, i) => Number(layer.feature(i).id)) : [];
}

describe('two servers on one database', () => {
	it('let exactly one write win per version, whichever server each client uses; the rest get 409', async () => {
		const bin = await clients[0].create('bins', point(116.31, 40.01), { name: 'start' });
		const rounds = 6;
		for (let round = 1; round <= rounds; round++) {
			const answers = await Promise.all(clients.map((c, i) => c.patch(item(bin.id), { properties: { name: `r${round}-c${i}` } }, { 'if-match': `"${round}"` })));
			const winners = answers.filter((r) => r.status === 200);
			expect(winners, `round ${round}`).toHaveLength(1);
			for (const loser of answers.filter((r) => r.status !== 200)) {
				expectApiError(loser, 409, 'conflict');
				expect(loser.body.details.current.version).toBe(round + 1);
				expect(loser.body.details.current.properties.name).toBe(winners[0].body.properties.name);
			}
		}
		const [onA, onB] = await Promise.all([apiClient(a.url).get(`${item(bin.id)}/history`), apiClient(b.url).get(`${item(bin.id)}/history`)]);
		const versions = (r: typeof onA) => (r.body.versions ?? r.body).map((v: { version: number }) => v.version);
		expect(versions(onA)).toEqual([1, 2, 3, 4, 5, 6, 7]);
		expect(versions(onB)).toEqual(versions(onA));
	});

	it('show an edit made through one in the tiles of the other within a second', async () => {
		const [lon, lat] = [116.3587, 39.9991];
		// B has cut this tile before the edit, so a stale cache would answer without the new bin.
		const before = await tileIds(b, 'bins', lon, lat);
		const bin = await apiClient(a.url, await a.login()).create('bins', point(lon, lat), { name: 'through A' });
		expect(before).not.toContain(bin.id);
		await within(1000, async () => (await tileIds(b, 'bins', lon, lat)).includes(bin.id));
		const moved = await apiClient(b.url, await b.login()).patch(item(bin.id), { geometry: point(lon + 0.01, lat) }, { 'if-match': '"1"' });
		expect(moved.status).toBe(200);
		await within(1000, async () => !(await tileIds(a, 'bins', lon, lat)).includes(bin.id));
	});

	it('show an edit made through one in the analyses of the other within a second', async () => {
		const hardening = async (server: RunningServer) => (await apiClient(server.url).get('/api/analysis/hardening')).body as { roadsCounted: number; overall: { lengthM: number } };
		const before = await hardening(b);
		const road = await apiClient(a.url, await a.login()).create('road-segments', { type: 'LineString', coordinates: [[116.3587, 39.9994], [116.3597, 39.9994]] }, { name: 'new lane', roadClass: 'alley', surface: 'concrete' });
		expect(road.id).toBeGreaterThan(0);
		await within(1000, async () => (await hardening(b)).roadsCounted === before.roadsCounted + 1);
		expect((await hardening(b)).overall.lengthM).toBeGreaterThan(before.overall.lengthM);
	});

	it('seed a new database once, however many start on it', async () => {
		const bins = async (server: RunningServer) => (await apiClient(server.url).get('/api/collections/bins/items?limit=1')).body.numberMatched as number;
		expect(await bins(a)).toBe(await bins(b));
		expect(a.output()).toContain('seeded the demo community');
		expect(b.output()).not.toContain('seeded the demo community');
	});
});
