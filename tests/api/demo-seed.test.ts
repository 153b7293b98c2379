/**
 * A server started on a new database with the demo seed serves exactly the demo community from
 * data/demo/<collection>.geojson, one layer per file, in one seed changeset.
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

let server: RunningServer;
let client: ApiClient;

beforeAll(async () => {
	server = await startServer({ seed: true });
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

	it('records the seed as one changeset, or none when there is no demo data', async () => {
		const res = await client.get('/api/changesets');
		const total = Object.values(expected).reduce((a, b) => a + b, 0);
		if (total === 0) {
			expect(res.body.changesets).toEqual([]);
			return;
		}
		expect(res.body.changesets).toHaveLength(1);
		expect(res.body.changesets[0]).toMatchObject({ source: 'seed', author: 'sanimap' });
		expect(res.body.changesets[0].features).toHaveLength(total);
	});

	it('does not seed a second time when the server restarts on the same database', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'sanimap-restart-'));
		const dbPath = join(dir, 'sanimap.db');
		try {
			const first = await startServer({ seed: true, dbPath });
			const before = await apiClient(first.url).snapshot();
			await first.stop();
			const second = await startServer({ seed: true, dbPath });
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
