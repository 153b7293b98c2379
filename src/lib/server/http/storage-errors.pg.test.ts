/**
 * PostgreSQL's failures of the database rather than of the request, raised for real against the
 * test cluster, become the same 503 as SQLite's; a caller's mistake stays what it was.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { createTestDatabase } from '../../../../tests/helpers/postgres';
import { freePort } from '../../../../tests/helpers/server';
import { deserializeError, serializeError } from '../workers/worker-errors';
import { storageError } from './storage-errors';

const failure = (promise: Promise<unknown>) =>
	promise.then(
		() => {
			throw new Error('expected a failure');
		},
		(e: unknown) => e
	);

describe('storageError on PostgreSQL', () => {
	let url: string;
	let a: pg.Client;
	let b: pg.Client;
	beforeAll(async () => {
		url = await createTestDatabase({ postgis: false });
		a = new pg.Client(url);
		b = new pg.Client(url);
		await Promise.all([a.connect(), b.connect()]);
		await a.query('CREATE TABLE t (x integer PRIMARY KEY)');
	});
	afterAll(() => Promise.all([a.end(), b.end()]));

	it('maps a write in a read-only transaction (a replica) to read-only', async () => {
		await a.query('BEGIN READ ONLY');
		const e = await failure(a.query('INSERT INTO t VALUES (1)'));
		await a.query('ROLLBACK');
		expect(storageError(e)?.details).toMatchObject({ reason: 'read-only', postgresCode: '25006' });
		expect(storageError(e)?.status).toBe(503);
	});

	it('maps a row lock that is not granted at once, and a statement timeout, to busy', async () => {
		await a.query('INSERT INTO t VALUES (2)');
		await a.query('BEGIN');
		await a.query('SELECT * FROM t WHERE x = 2 FOR UPDATE');
		const nowait = await failure(b.query('SELECT * FROM t WHERE x = 2 FOR UPDATE NOWAIT'));
		await b.query("SET statement_timeout = '50ms'");
		const timeout = await failure(b.query('SELECT * FROM t WHERE x = 2 FOR UPDATE'));
		await b.query('RESET statement_timeout');
		await a.query('ROLLBACK');
		expect(storageError(nowait)?.details).toMatchObject({ reason: 'busy', postgresCode: '55P03' });
		expect(storageError(timeout)?.details).toMatchObject({ reason: 'busy', postgresCode: '57014' });
	});

	it('maps a database server that cannot be reached to unreachable, in English and with the retry', async () => {
		const closed = new pg.Client({ host: '127.0.0.1', port: await freePort(), user: 'nobody', database: 'none' });
		const e = await failure(closed.connect());
		const api = storageError(e);
		expect(api?.details).toMatchObject({ reason: 'unreachable', retryAfterSeconds: 5 });
		expect(api?.message).toMatch(/cannot reach its database.*Nothing was changed/);
	});

	it('maps it when drizzle passes the failure on wrapped as a cause', async () => {
		const closed = new pg.Client({ host: '127.0.0.1', port: await freePort(), user: 'nobody', database: 'none' });
		const refused = await failure(closed.connect());
		const wrapped = new Error('Failed query: select 1', { cause: refused });
		expect(storageError(wrapped)?.details).toMatchObject({ reason: 'unreachable' });
	});

	it('keeps the failure when it crosses from a worker thread', async () => {
		const e = await failure(a.query('BEGIN READ ONLY; INSERT INTO t VALUES (3)'));
		await a.query('ROLLBACK');
		const crossed = deserializeError(serializeError(e), 'the analysis worker');
		expect(storageError(crossed)?.details).toMatchObject({ reason: 'read-only', postgresCode: '25006' });
	});

	it('leaves caller mistakes and bugs alone', async () => {
		const duplicate = await failure(a.query('INSERT INTO t VALUES (2)').then(() => a.query('INSERT INTO t VALUES (2)')));
		const syntax = await failure(a.query('SELEC 1'));
		expect(storageError(duplicate)).toBeNull();
		expect(storageError(syntax)).toBeNull();
	});
});
