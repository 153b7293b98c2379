/**
 * The import runner with real worker threads started from the TypeScript source (as under tsx and
 * `vite dev`): a file read, previewed and committed in the worker over its own connection, the
 * main thread's event loop free meanwhile, and errors arriving as the same kinds the API maps to
 * 4xx and 503.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../db';
import { ServiceError } from '../service-error';
import { storageError } from '../../http/storage-errors';
import { ChangesetRepository } from '../../repositories/changesets';
import { ImportRunner } from './import-runner';
import type { ImportProgress } from './import-worker-protocol';

const dir = mkdtempSync(join(tmpdir(), 'sanimap-import-runner-'));
const dbPath = join(dir, 'import.db');
let db: Db;
let runner: ImportRunner;
const limits = { maxVertices: 10_000, maxFeatures: 100_000, maxUnzippedBytes: 10_000_000 };
const csv = (n: number, from = 0) => ['name,lon,lat', ...Array.from({ length: n }, (_, i) => `Bin ${from + i},${(116.3 + (i % 100) / 10000).toFixed(5)},${(40 + Math.floor(i / 100) / 10000).toFixed(5)}`)].join('\n');
const bytes = (text: string) => new TextEncoder().encode(text);

beforeAll(() => {
	db = openDatabase(dbPath);
	// The workers read the environment when they start: a short wait for a held lock.
	process.env.SANIMAP_BUSY_TIMEOUT_MS = '200';
	runner = new ImportRunner({ target: { store: 'sqlite', path: dbPath }, limits, idleMs: 1000 });
});

afterAll(async () => {
	await runner?.close();
	db?.$client.close();
	delete process.env.SANIMAP_BUSY_TIMEOUT_MS;
	rmSync(dir, { recursive: true, force: true });
});

describe('ImportRunner', () => {
	it('reads, previews and commits in a worker as one changeset, reporting each phase, while this thread keeps running', async () => {
		const phases: ImportProgress[] = [];
		const session = await runner.upload(bytes(csv(5000)), 'bins.csv', 'ann', (p) => phases.push(p));
		expect(session.file).toMatchObject({ format: 'csv', columns: ['name', 'lon', 'lat'], rows: 5000 });
		expect(phases[0]).toEqual({ phase: 'parse', done: 0, total: 0 });

		const preview = JSON.parse(await runner.preview(session, { collection: 'bins' }, (p) => phases.push(p)));
		expect(preview).toMatchObject({ token: session.token, filename: 'bins.csv', valid: 5000, create: 5000, mapping: { name: 'name' } });
		expect(phases.some((p) => p.phase === 'check' && p.total === 5000)).toBe(true);

		let ticks = 0;
		const ticker = setInterval(() => ticks++, 5);
		const commitPhases: ImportProgress[] = [];
		const result = await runner.commit(session, { collection: 'bins' }, { filename: 'bins.csv', skipInvalid: false, author: 'ann' }, (p) => commitPhases.push(p));
		clearInterval(ticker);
		expect(result).toMatchObject({ created: 5000, rejected: 0 });
		expect(commitPhases.at(-1)).toEqual({ phase: 'commit', done: 5000, total: 5000 });
		expect(ticks).toBeGreaterThan(0);

		const stored = new ChangesetRepository(db);
		const cs = await stored.get(result.changesetId!);
		expect(cs).toMatchObject({ source: 'import', author: 'ann', meta: { file: 'bins.csv', format: 'csv', kind: 'bin', rows: 5000 } });
		expect(cs!.features).toHaveLength(5000);
		expect(db.$client.prepare('SELECT count(*) AS n FROM features').get()).toEqual({ n: 5000 });
	});

	it('a file that cannot be read and a choice that cannot be used arrive as the same ServiceErrors', async () => {
		const bad = await runner.upload(bytes('{"type": "Feature", '), 'broken.geojson', 'ann').catch((e) => e);
		expect(bad).toBeInstanceOf(ServiceError);
		expect(bad).toMatchObject({ reason: 'invalid', code: 'import.json.malformed' });

		const session = await runner.upload(bytes(csv(3)), 'few.csv', 'ann');
		const noKind = await runner.preview(session, {}).catch((e) => e);
		expect(noKind).toBeInstanceOf(ServiceError);
		expect(noKind).toMatchObject({ reason: 'invalid', code: 'import.kind' });
		runner.sessions.delete(session.token);
		const gone = await runner.preview(session, { collection: 'bins' }).catch((e) => e);
		expect(gone).toMatchObject({ reason: 'not-found', code: 'import.not-found' });
	});

	it('a write lock held past the busy timeout arrives as the SqliteError the API answers with 503, and nothing is written', async () => {
		const session = await runner.upload(bytes(csv(10, 100)), 'locked.csv', 'ann');
		const holder = new Database(dbPath);
		holder.exec('BEGIN IMMEDIATE');
		let error: unknown;
		try {
			error = await runner.commit(session, { collection: 'bins' }, { filename: 'locked.csv', skipInvalid: false, author: 'ann' }).catch((e) => e);
		} finally {
			holder.exec('ROLLBACK');
			holder.close();
		}
		expect((error as Error).name).toBe('SqliteError');
		expect(storageError(error)).toMatchObject({ status: 503, code: 'storage.unavailable', details: { reason: 'busy' } });
		expect(db.$client.prepare('SELECT count(*) AS n FROM features').get()).toEqual({ n: 5000 });
		// The same upload commits once the lock is free.
		const result = await runner.commit(session, { collection: 'bins' }, { filename: 'locked.csv', skipInvalid: false, author: 'ann' });
		expect(result.created).toBe(10);
	});
});
