/**
 * Fault injection at the OS boundary: the real server runs with faultfs preloaded, which makes
 * writes to the database file fail as a full disk (ENOSPC → SQLITE_FULL) or a failing one
 * (EIO → SQLITE_IOERR); a second process holding the write lock past the server's busy timeout
 * gives SQLITE_BUSY. For each kind of write the caller must get a 503 storage.unavailable with
 * Retry-After and a readable message, nothing may be stored (API and file unchanged, integrity ok),
 * reads must go on being answered during the fault, and the same write must succeed once it clears.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, point, type ApiClient, type ApiResponse } from '../api/api-client';
import { startServer, type RunningServer } from '../helpers/server';
import { commit, upload } from '../api/import-helpers';
import { buildFaultFs, type FaultFs } from './faultfs';

const dir = mkdtempSync(join(tmpdir(), 'sanimap-fault-'));
const dbPath = join(dir, 'faulty.db');
let faults: FaultFs;
let server: RunningServer;
let admin: ApiClient;
let anonymous: ApiClient;

beforeAll(async () => {
	faults = buildFaultFs(dir, dbPath);
	server = await startServer({ dbPath, env: { ...faults.env, SANIMAP_BUSY_TIMEOUT_MS: '200' } });
	admin = apiClient(server.url, await server.login());
	anonymous = apiClient(server.url);
});

afterAll(async () => {
	faults?.set('none');
	await server?.stop();
	rmSync(dir, { recursive: true, force: true });
});

type Fault = 'enospc' | 'eio' | 'busy';

/** Turns a fault on; returns the function that clears it. */
function inject(fault: Fault): () => void {
	if (fault !== 'busy') {
		faults.set(fault);
		return () => faults.set('none');
	}
	// Another process (this one) holds the write lock, as a long backup or a CLI import would.
	const holder = new Database(dbPath);
	holder.exec('BEGIN IMMEDIATE');
	return () => {
		holder.exec('ROLLBACK');
		holder.close();
	};
}

/** Everything stored, read straight from the file: every row of every table but sessions. */
function fileContents(): Record<string, unknown[]> {
	const db = new Database(dbPath, { readonly: true, fileMustExist: true });
	try {
		const tables = ['features', 'changesets', 'feature_versions', 'users', 'settings', 'photos'];
		return Object.fromEntries(tables.map((t) => [t, db.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all()]));
	} finally {
		db.close();
	}
}

function integrity(): string {
	const db = new Database(dbPath, { readonly: true, fileMustExist: true });
	try {
		return (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check).join('; ');
	} finally {
		db.close();
	}
}

function expectStorageUnavailable(res: ApiResponse, fault: Fault) {
	expect(res.status, `${fault}: ${res.text}`).toBe(503);
	expect(res.body.code).toBe('storage.unavailable');
	expect(res.body.details.reason).toBe({ enospc: 'full', eio: 'io', busy: 'busy' }[fault]);
	expect(res.body.message).toMatch(/Nothing was changed/);
	expect(res.body.message).not.toMatch(/SQLITE|Error:|\bat /);
	expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
}

let counter = 0;
const somewhere = () => point(116.3 + (++counter % 100) / 1000, 40 + counter / 100_000);

/**
 * Each kind of write: `prepare` runs before the fault (it may write), and returns the request to
 * make during the fault and again after it, with the status that means success.
 */
const WRITES: { name: string; prepare(): Promise<{ send(): Promise<ApiResponse>; ok: number }> }[] = [
	{
		name: 'create a feature',
		async prepare() {
			return { send: () => admin.post('/api/collections/bins/items', { geometry: somewhere(), properties: { name: 'new bin' } }), ok: 201 };
		}
	},
	{
		name: 'edit a feature',
		async prepare() {
			const bin = await admin.create('bins', somewhere(), { name: 'before' });
			return { send: () => admin.patch(`/api/collections/bins/items/${bin.id}`, { properties: { name: 'after' } }, { 'if-match': '"1"' }), ok: 200 };
		}
	},
	{
		name: 'move a feature',
		async prepare() {
			const bin = await admin.create('bins', somewhere());
			return { send: () => admin.patch(`/api/collections/bins/items/${bin.id}`, { geometry: somewhere() }, { 'if-match': '"1"' }), ok: 200 };
		}
	},
	{
		name: 'delete a feature',
		async prepare() {
			const bin = await admin.create('bins', somewhere());
			return { send: () => admin.del(`/api/collections/bins/items/${bin.id}`, { 'if-match': '"1"' }), ok: 200 };
		}
	},
	{
		name: 'revert a changeset',
		async prepare() {
			const a = await admin.create('bins', somewhere());
			const edit = await admin.patch(`/api/collections/bins/items/${a.id}`, { properties: { name: 'to undo' } }, { 'if-match': '"1"' });
			expect(edit.status).toBe(200);
			return { send: () => admin.post(`/api/changesets/${edit.body.changesetId}/revert`, {}), ok: 201 };
		}
	},
	{
		name: 'import a file',
		async prepare() {
			const features = Array.from({ length: 40 }, (_, i) => ({ type: 'Feature', geometry: somewhere(), properties: { name: `imported ${i}` } }));
			const preview = await upload(admin, JSON.stringify({ type: 'FeatureCollection', features }), 'bins.geojson', { collection: 'bins' });
			expect(preview.status, preview.text).toBe(201);
			return { send: () => commit(admin, preview.body.token, { collection: 'bins', skipInvalid: false }), ok: 201 };
		}
	},
	{
		name: 'add a user',
		async prepare() {
			const username = `user${++counter}`;
			return { send: () => admin.post('/api/auth/users', { username, role: 'field', password: `${username}-password-1` }), ok: 201 };
		}
	},
	{
		name: 'change a user’s role',
		async prepare() {
			const user = await server.createUser(`role${++counter}`, 'viewer');
			return { send: () => admin.patch(`/api/auth/users/${user.username}`, { role: 'planner' }), ok: 200 };
		}
	}
];

describe.each(['enospc', 'eio', 'busy'] as Fault[])('with the disk %s', (fault) => {
	it.each(WRITES.map((w) => [w.name, w] as const))('%s: 503, nothing stored, reads served, succeeds after', async (_name, write) => {
		const { send, ok } = await write.prepare();
		const beforeApi = await anonymous.snapshot();
		const beforeFile = fileContents();

		const clear = inject(fault);
		let res: ApiResponse;
		try {
			res = await send();
			// Reads go on during the fault: the map, a feature, the history.
			const items = await anonymous.get('/api/collections/bins/items?limit=5');
			expect(items.status, items.text).toBe(200);
			const changesets = await admin.get('/api/changesets?limit=5');
			expect(changesets.status, changesets.text).toBe(200);
		} finally {
			clear();
		}
		expectStorageUnavailable(res, fault);

		expect(integrity()).toBe('ok');
		expect(fileContents()).toEqual(beforeFile);
		expect(await anonymous.snapshot()).toEqual(beforeApi);

		const retry = await send();
		expect(retry.status, retry.text).toBe(ok);
		expect(integrity()).toBe('ok');
	});
});
