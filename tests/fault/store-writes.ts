/**
 * Each kind of write a storage fault must leave unstored, for the fault suites of both stores:
 * `prepare` runs before the fault (it may write) and returns the request to make during the fault
 * and again after it, with the status that means success.
 */
import { expect } from 'vitest';
import { point, type ApiClient, type ApiResponse } from '../api/api-client';
import { commit, upload } from '../api/import-helpers';
import type { RunningServer } from '../helpers/server';

interface Writer {
	admin: ApiClient;
	server: RunningServer;
}

export interface StoreWrite {
	name: string;
	prepare(by: Writer): Promise<{ send(): Promise<ApiResponse>; ok: number }>;
}

let counter = 0;
const somewhere = () => point(116.3 + (++counter % 100) / 1000, 40 + counter / 100_000);

export const STORE_WRITES: StoreWrite[] = [
	{
		name: 'create a feature',
		async prepare({ admin }) {
			return { send: () => admin.post('/api/collections/bins/items', { geometry: somewhere(), properties: { name: 'new bin' } }), ok: 201 };
		}
	},
	{
		name: 'edit a feature',
		async prepare({ admin }) {
			const bin = await admin.create('bins', somewhere(), { name: 'before' });
			return { send: () => admin.patch(`/api/collections/bins/items/${bin.id}`, { properties: { name: 'after' } }, { 'if-match': '"1"' }), ok: 200 };
		}
	},
	{
		name: 'move a feature',
		async prepare({ admin }) {
			const bin = await admin.create('bins', somewhere());
			return { send: () => admin.patch(`/api/collections/bins/items/${bin.id}`, { geometry: somewhere() }, { 'if-match': '"1"' }), ok: 200 };
		}
	},
	{
		name: 'delete a feature',
		async prepare({ admin }) {
			const bin = await admin.create('bins', somewhere());
			return { send: () => admin.del(`/api/collections/bins/items/${bin.id}`, { 'if-match': '"1"' }), ok: 200 };
		}
	},
	{
		name: 'revert a changeset',
		async prepare({ admin }) {
			const a = await admin.create('bins', somewhere());
			const edit = await admin.patch(`/api/collections/bins/items/${a.id}`, { properties: { name: 'to undo' } }, { 'if-match': '"1"' });
			expect(edit.status).toBe(200);
			return { send: () => admin.post(`/api/changesets/${edit.body.changesetId}/revert`, {}), ok: 201 };
		}
	},
	{
		name: 'import a file',
		async prepare({ admin }) {
			const features = Array.from({ length: 40 }, (_, i) => ({ type: 'Feature', geometry: somewhere(), properties: { name: `imported ${i}` } }));
			const preview = await upload(admin, JSON.stringify({ type: 'FeatureCollection', features }), 'bins.geojson', { collection: 'bins' });
			expect(preview.status, preview.text).toBe(201);
			return { send: () => commit(admin, preview.body.token, { collection: 'bins', skipInvalid: false }), ok: 201 };
		}
	},
	{
		name: 'add a user',
		async prepare({ admin }) {
			const username = `user${++counter}`;
			return { send: () => admin.post('/api/auth/users', { username, role: 'field', password: `${username}-password-1` }), ok: 201 };
		}
	},
	{
		name: 'change a user’s role',
		async prepare({ admin, server }) {
			const user = await server.createUser(`role${++counter}`, 'viewer');
			return { send: () => admin.patch(`/api/auth/users/${user.username}`, { role: 'planner' }), ok: 200 };
		}
	}
];

/** The 503 every storage failure is answered with: the reason, a readable message, Retry-After. */
export function expectStorageUnavailable(res: ApiResponse, reason: string, what: string) {
	expect(res.status, `${what}: ${res.text}`).toBe(503);
	expect(res.body.code).toBe('storage.unavailable');
	expect(res.body.details.reason, what).toBe(reason);
	expect(res.body.message).toMatch(/Nothing was changed/);
	// No error's name or stack frame ("at the moment" is fine).
	expect(res.body.message).not.toMatch(/SQLITE|Error:|\n\s+at /);
	expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
}
