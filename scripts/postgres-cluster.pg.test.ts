import { describe, expect, it } from 'vitest';
import { existsSync, statSync } from 'node:fs';
import pg from 'pg';
import { startCluster } from './postgres-cluster.js';
import { freePort } from '../tests/helpers/server';
import { createTestDatabase } from '../tests/helpers/postgres';

describe('the private PostgreSQL cluster of the tests', () => {
	it('gives each test file a database of its own with PostGIS, on the cluster of this run', async () => {
		const url = await createTestDatabase();
		expect(new URL(url).port).not.toBe('5432');
		const client = new pg.Client(url);
		await client.connect();
		try {
			const { rows } = await client.query<{ version: string }>('SELECT postgis_lib_version() AS version');
			expect(rows[0].version).toMatch(/^3\./);
		} finally {
			await client.end();
		}
	});

	it('starts in a temporary folder of its own and leaves nothing when stopped', async () => {
		const cluster = startCluster({ port: await freePort() });
		const folderOwner = statSync(cluster.dir).uid;
		// As root the server runs as the postgres user, which must own its folder.
		if (process.getuid?.() === 0) expect(folderOwner).not.toBe(0);
		const client = new pg.Client(cluster.url());
		await client.connect();
		const { rows } = await client.query<{ data_directory: string }>('SHOW data_directory');
		await client.end();
		expect(rows[0].data_directory.startsWith(cluster.dir)).toBe(true);
		cluster.stop();
		expect(existsSync(cluster.dir)).toBe(false);
		const after = new pg.Client({ connectionString: cluster.url(), connectionTimeoutMillis: 2000 });
		await expect(after.connect()).rejects.toThrow();
	});
});
