/**
 * The server runs on the store its test project names: a SQLite file in `http`, a PostgreSQL
 * database of the run's cluster in `http-postgres` (tests/helpers/server.ts). The rest of the
 * HTTP suites rely on it to test both stores.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startServer, type RunningServer } from '../helpers/server';

describe('the test server', () => {
	let server: RunningServer;
	beforeAll(async () => {
		server = await startServer();
	});
	afterAll(() => server?.stop());

	it('opens the store of its project and says so when it starts', async () => {
		const expected = inject('serverStore') ?? 'sqlite';
		expect(server.store).toBe(expected);
		if (expected === 'postgres') expect(server.output()).toContain(`sanimap: database ${server.databaseUrl}`);
		else expect(server.output()).toContain(`sanimap: database ${server.dbPath}`);
		const res = await fetch(`${server.url}/api/collections`);
		expect(res.status).toBe(200);
	});
});
