/**
 * A streaming replica serving the reads that may lag (DATABASE_READ_URL): a primary and a replica
 * on this machine (pg_basebackup, streaming replication), the app on both. While the replica lags
 * (its replay paused) others read the older state from it; the editor never sees their own edit
 * missing, by header, by browser cookie or by their session alone, on this server or on a second
 * one; once it replays, everyone reads the edit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { startCluster, type PostgresCluster } from '../../scripts/postgres-cluster.js';
import { apiClient, point } from '../api/api-client';
import { freePort, startServer, type RunningServer } from '../helpers/server';

let primary: PostgresCluster;
let replica: PostgresCluster;
let replicaAdmin: pg.Client;
let server: RunningServer;
let second: RunningServer;

beforeAll(async () => {
	primary = startCluster({ port: await freePort() });
	const admin = new pg.Client(primary.url());
	await admin.connect();
	await admin.query('CREATE DATABASE sanimap');
	await admin.end();
	replica = startCluster({ port: await freePort(), replicaOf: primary });
	replicaAdmin = new pg.Client(replica.url());
	await replicaAdmin.connect();
	const env = { DATABASE_READ_URL: replica.url('sanimap') };
	server = await startServer({ databaseUrl: primary.url('sanimap'), env });
	second = await startServer({ databaseUrl: primary.url('sanimap'), env });
}, 120_000);

afterAll(async () => {
	await replicaAdmin?.query('SELECT pg_wal_replay_resume()').catch(() => {});
	await replicaAdmin?.end();
	await second?.stop();
	await server?.stop();
	replica?.stop();
	primary?.stop();
});

const item = (id: number) => `/api/collections/bins/items/${id}`;
const pause = () => replicaAdmin.query('SELECT pg_wal_replay_pause()');
const resume = () => replicaAdmin.query('SELECT pg_wal_replay_resume()');

async function until(ms: number, check: () => Promise<boolean>): Promise<void> {
	const t0 = Date.now();
	while (!(await check())) {
		if (Date.now() - t0 > ms) throw new Error(`not seen within ${ms} ms`);
		await new Promise((r) => setTimeout(r, 50));
	}
}

describe('a read replica', () => {
	it('serves others the state it has replayed, the editor always their own edit, everyone the edit once replayed', async () => {
		const token = await server.login();
		const editor = apiClient(server.url, token);
		const reader = apiClient(server.url);
		const bin = await editor.create('bins', point(116.31, 40.01), { name: 'before' });
		await until(5000, async () => (await reader.get(item(bin.id))).status === 200);

		await pause();
		const edited = await editor.patch(item(bin.id), { properties: { name: 'after' } }, { 'if-match': '"1"' });
		expect(edited.status).toBe(200);
		const floor = edited.headers.get('sanimap-read-after');
		expect(Number(floor)).toBeGreaterThan(0);
		// The replica lags: an anonymous reader gets what it has, on both servers.
		expect((await reader.get(item(bin.id))).body.properties.name).toBe('before');
		expect((await apiClient(second.url).get(item(bin.id))).body.properties.name).toBe('before');
		// The editor reads their own edit at once: the item, the layer, its history.
		expect((await editor.get(item(bin.id))).body.properties.name).toBe('after');
		const layer = await editor.get('/api/collections/bins/items?limit=100');
		expect(layer.body.features.find((f: { id: number }) => f.id === bin.id).properties.name).toBe('after');
		expect((await editor.get(`${item(bin.id)}/history`)).body.versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
		// On another server too, by the header a client sends back, and by the browser's cookie.
		expect((await apiClient(second.url).get(item(bin.id), { 'sanimap-read-after': floor! })).body.properties.name).toBe('after');
		const cookie = edited.headers.get('set-cookie')!.split(';')[0];
		expect(cookie).toBe(`sanimap_read_after=${floor}`);
		expect((await apiClient(second.url).get(item(bin.id), { cookie })).body.properties.name).toBe('after');
		// A script that sends neither back: its token's session keeps the floor, on every server.
		expect((await apiClient(second.url, token).get(item(bin.id))).body.properties.name).toBe('after');

		await resume();
		await until(5000, async () => (await reader.get(item(bin.id))).body.properties.name === 'after');
		expect((await apiClient(second.url).get(item(bin.id))).body.properties.name).toBe('after');
	});

	it('answers an analysis with the editor’s own edit while the replica lags', async () => {
		const editor = apiClient(server.url, await server.login());
		const count = async (client: ReturnType<typeof apiClient>) => (await client.get('/api/analysis/hardening')).body.roadsCounted as number;
		const before = await count(apiClient(server.url));
		await pause();
		const road = await editor.create('road-segments', { type: 'LineString', coordinates: [[116.31, 40.01], [116.311, 40.01]] }, { name: 'lane', roadClass: 'alley', surface: 'concrete' });
		expect(road.id).toBeGreaterThan(0);
		expect(await count(editor)).toBe(before + 1);
		await resume();
		await until(5000, async () => (await count(apiClient(server.url))) === before + 1);
	});
});
