/**
 * Writes through the API: versioned edits with optimistic concurrency, the changeset log, undo
 * (revert) and redo (revert of the revert), and feature history, against the real server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../helpers/server';
import { apiClient, expectApiError, point, type ApiClient } from './api-client';

let server: RunningServer;
let client: ApiClient;

beforeAll(async () => {
	server = await startServer();
	// Writes need a signed-in user; the first administrator may edit every layer.
	client = apiClient(server.url, await server.login());
});

afterAll(() => server?.stop());

const itemPath = (id: number, collection = 'bins') => `/api/collections/${collection}/items/${id}`;

describe('create', () => {
	it('creates a bin from a position alone, with the kind’s defaults', async () => {
		const res = await client.post('/api/collections/bins/items', { geometry: point(116.31, 40.01) });
		expect(res.status).toBe(201);
		expect(res.headers.get('content-type')).toMatch(/^application\/geo\+json/);
		expect(res.headers.get('etag')).toBe('"1"');
		expect(res.body).toMatchObject({ type: 'Feature', version: 1, collection: 'bins', geometry: point(116.31, 40.01) });
		expect(res.body.properties).toEqual({ binType: 'litter', status: 'installed' });
		expect(typeof res.body.changesetId).toBe('number');

		const location = res.headers.get('location')!;
		expect(location).toBe(`${server.url}${itemPath(res.body.id)}`);
		const stored = await client.get(location.slice(server.url.length));
		expect(stored.status).toBe(200);
		expect(stored.body).toMatchObject({ id: res.body.id, version: 1, properties: { binType: 'litter', status: 'installed' } });
	});

	it('keeps given properties and records the changeset with its source and comment', async () => {
		const res = await client.post(
			'/api/collections/bins/items',
			{ type: 'Feature', geometry: point(116.32, 40.02), properties: { binType: 'refuse', capacityL: 240, name: '东门' } },
			{ 'x-sanimap-source': 'field', 'x-sanimap-comment': encodeURIComponent('新桶 at the east gate') }
		);
		expect(res.status).toBe(201);
		expect(res.body.properties).toEqual({ binType: 'refuse', capacityL: 240, name: '东门', status: 'installed' });
		const cs = await client.get(`/api/changesets/${res.body.changesetId}`);
		expect(cs.status).toBe(200);
		expect(cs.body).toMatchObject({ source: 'field', comment: '新桶 at the east gate', author: 'admin' });
		expect(cs.body.features).toEqual([{ featureId: res.body.id, kind: 'bin', version: 1, action: 'create' }]);
	});

	it('takes a comment header that is not percent-encoded as it is', async () => {
		const res = await client.post('/api/collections/bins/items', { geometry: point(116.33, 40.03) }, { 'x-sanimap-comment': '100% emptied' });
		expect(res.status, res.text).toBe(201);
		const cs = await client.get(`/api/changesets/${res.body.changesetId}`);
		expect(cs.body.comment).toBe('100% emptied');
	});
});

describe('update and delete with versions', () => {
	it('PATCH with If-Match merges the properties and bumps the version', async () => {
		const bin = await client.create('bins', point(116.3, 40), { binType: 'refuse', capacityL: 120 });
		const res = await client.patch(itemPath(bin.id), { properties: { status: 'damaged', capacityL: null } }, { 'if-match': '"1"' });
		expect(res.status, res.text).toBe(200);
		expect(res.headers.get('etag')).toBe('"2"');
		expect(res.body).toMatchObject({ id: bin.id, version: 2 });
		expect(res.body.properties).toEqual({ binType: 'refuse', status: 'damaged' });
		const stored = await client.get(itemPath(bin.id));
		expect(stored.headers.get('etag')).toBe('"2"');
		expect(stored.body.properties).toEqual({ binType: 'refuse', status: 'damaged' });
	});

	it('PATCH with a version member instead of If-Match, moving the geometry', async () => {
		const bin = await client.create('bins', point(116.3, 40));
		const res = await client.patch(itemPath(bin.id), { version: 1, geometry: point(116.301, 40.001) });
		expect(res.status, res.text).toBe(200);
		expect(res.body).toMatchObject({ version: 2, geometry: point(116.301, 40.001), properties: bin.properties });
		// The move shows in viewport queries at once.
		const there = await client.get('/api/collections/bins/items?bbox=116.3005,40.0005,116.3015,40.0015');
		expect(there.body.features.map((f: { id: number }) => f.id)).toContain(bin.id);
	});

	it('PATCH with a stale If-Match is refused with 409 and the current feature', async () => {
		const bin = await client.create('bins', point(116.3, 40));
		expect((await client.patch(itemPath(bin.id), { properties: { status: 'damaged' } }, { 'if-match': '"1"' })).status).toBe(200);
		const current = (await client.get(itemPath(bin.id))).body;

		const stale = await client.patch(itemPath(bin.id), { properties: { status: 'removed' } }, { 'if-match': '"1"' });
		expectApiError(stale, 409, 'conflict');
		expect(stale.body.details.expectedVersion).toBe(1);
		// The feature as a GET answers it, less the links a single item carries.
		const { links, ...feature } = current;
		expect(links).toBeDefined();
		expect(stale.body.details.current).toEqual(feature);
		expect((await client.get(itemPath(bin.id))).body).toEqual(current);
	});

	it('PATCH on a stale version whose fields nobody else changed is merged: 200, the new version, and what others changed', async () => {
		const bin = await client.create('bins', point(116.3, 40), { binType: 'refuse', capacityL: 120 });
		// Someone moves the bin and marks it damaged (version 2)…
		expect((await client.patch(itemPath(bin.id), { geometry: point(116.301, 40), properties: { status: 'damaged' } }, { 'if-match': '"1"' })).status).toBe(200);
		// …while another still edits version 1, changing the capacity only, and setting the type to what it is.
		const res = await client.patch(itemPath(bin.id), { properties: { capacityL: 240, binType: 'refuse' } }, { 'if-match': '"1"' });
		expect(res.status, res.text).toBe(200);
		expect(res.headers.get('etag')).toBe('"3"');
		expect(res.body).toMatchObject({ version: 3, geometry: point(116.301, 40), properties: { binType: 'refuse', capacityL: 240, status: 'damaged' } });
		expect([...res.body.merged].sort()).toEqual(['geometry', 'status']);
		expect((await client.get(itemPath(bin.id))).body.properties).toEqual(res.body.properties);
	});

	it('PATCH on a stale version that changes a field someone else changed is a 409 naming, per field, what you read, sent and what is stored', async () => {
		const bin = await client.create('bins', point(116.3, 40), { capacityL: 120 });
		expect((await client.patch(itemPath(bin.id), { properties: { capacityL: 180 } }, { 'if-match': '"1"' })).status).toBe(200);
		const current = (await client.get(itemPath(bin.id))).body;
		const res = await client.patch(itemPath(bin.id), { properties: { capacityL: 240, name: 'north gate' } }, { 'if-match': '"1"' });
		expectApiError(res, 409, 'conflict');
		expect(res.body.details.fields).toEqual([{ field: 'capacityL', read: 120, sent: 240, current: 180 }]);
		expect(res.body.message).toContain('capacityL');
		// Nothing of it was stored, not even the field that did not collide.
		expect((await client.get(itemPath(bin.id))).body).toEqual(current);
	});

	it('PATCH without a version is refused with 428', async () => {
		const bin = await client.create('bins', point(116.3, 40));
		const res = await client.patch(itemPath(bin.id), { properties: { status: 'damaged' } });
		expectApiError(res, 428, 'version.required');
		expect((await client.get(itemPath(bin.id))).body).toMatchObject({ version: 1, properties: { status: 'installed' } });
	});

	it('DELETE with If-Match removes the feature from reads but keeps its history', async () => {
		const bin = await client.create('bins', point(116.3, 40));
		const res = await client.del(itemPath(bin.id), { 'if-match': '"1"' });
		expect(res.status, res.text).toBe(200);
		expect(res.body).toMatchObject({ id: bin.id, version: 2, deleted: true });
		expectApiError(await client.get(itemPath(bin.id)), 404, 'feature.not-found');
		const items = await client.get('/api/collections/bins/items?limit=10000');
		expect(items.body.features.map((f: { id: number }) => f.id)).not.toContain(bin.id);
		const history = await client.get(`${itemPath(bin.id)}/history`);
		expect(history.body.versions.map((v: { version: number; action: string }) => [v.version, v.action])).toEqual([
			[1, 'create'],
			[2, 'delete']
		]);
	});

	it('DELETE with a stale If-Match is refused with 409 and the current feature', async () => {
		const bin = await client.create('bins', point(116.3, 40));
		await client.patch(itemPath(bin.id), { properties: { status: 'damaged' } }, { 'if-match': '"1"' });
		const res = await client.del(itemPath(bin.id), { 'if-match': '"1"' });
		expectApiError(res, 409, 'conflict');
		expect(res.body.details.current).toMatchObject({ id: bin.id, version: 2, properties: { status: 'damaged' } });
		expect((await client.get(itemPath(bin.id))).status).toBe(200);
	});

	it('an edit or delete of a feature someone else deleted is a 409 conflict with current: null, whatever version it names; 404 only for an id that never was', async () => {
		const bin = await client.create('bins', point(116.3, 40));
		expect((await client.del(itemPath(bin.id), { 'if-match': '"1"' })).status).toBe(200);
		const deleted = 'This feature was deleted by someone else. Nothing was saved.';
		for (const res of [
			await client.patch(itemPath(bin.id), { properties: { status: 'damaged' } }, { 'if-match': '"1"' }),
			await client.patch(itemPath(bin.id), { properties: { status: 'damaged' }, version: 2 }),
			await client.patch(itemPath(bin.id), { geometry: point(116.31, 40) }),
			await client.del(itemPath(bin.id), { 'if-match': '"1"' }),
			await client.del(itemPath(bin.id), { 'if-match': '"2"' }),
			await client.del(itemPath(bin.id))
		]) {
			expectApiError(res, 409, 'conflict');
			expect(res.body.message).toBe(deleted);
			expect(res.body.details.current).toBeNull();
		}
		const history = await client.get(`${itemPath(bin.id)}/history`);
		expect(history.body.versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
		// Never a feature (of this layer): 404.
		expectApiError(await client.patch(itemPath(999_999), { properties: { status: 'damaged' } }, { 'if-match': '"1"' }), 404, 'feature.not-found');
		expectApiError(await client.del(itemPath(999_999), { 'if-match': '"1"' }), 404, 'feature.not-found');
		expectApiError(await client.patch(itemPath(bin.id, 'drains'), { properties: { name: 'x' } }, { 'if-match': '"2"' }), 404, 'feature.not-found');
		expectApiError(await client.del(itemPath(bin.id, 'drains'), { 'if-match': '"2"' }), 404, 'feature.not-found');
	});

	it('DELETE without If-Match is refused with 428', async () => {
		const bin = await client.create('bins', point(116.3, 40));
		expectApiError(await client.del(itemPath(bin.id)), 428, 'version.required');
		expect((await client.get(itemPath(bin.id))).status).toBe(200);
	});

	it('accepts a weak ETag in If-Match', async () => {
		const bin = await client.create('bins', point(116.3, 40));
		const res = await client.patch(itemPath(bin.id), { properties: { status: 'planned' } }, { 'if-match': 'W/"1"' });
		expect(res.status, res.text).toBe(200);
	});
});

describe('changesets, undo and redo', () => {
	it('lists changesets newest first, with the features each one changed', async () => {
		const bin = await client.create('bins', point(116.3, 40));
		await client.patch(itemPath(bin.id), { properties: { status: 'damaged' } }, { 'if-match': '"1"' });
		const res = await client.get('/api/changesets?limit=2');
		expect(res.status).toBe(200);
		const [newest, before] = res.body.changesets;
		expect(newest.id).toBeGreaterThan(before.id);
		expect(newest.features).toEqual([{ featureId: bin.id, kind: 'bin', version: 2, action: 'update' }]);
		expect(before.features).toEqual([{ featureId: bin.id, kind: 'bin', version: 1, action: 'create' }]);
		const forFeature = await client.get(`/api/changesets?featureId=${bin.id}`);
		expect(forFeature.body.changesets.map((c: { id: number }) => c.id)).toEqual([newest.id, before.id]);
	});

	it('reverting a create removes the feature; reverting that revert brings it back', async () => {
		const bin = await client.create('bins', point(116.3, 40), { name: 'to undo' });
		const undo = await client.post(`/api/changesets/${bin.changesetId}/revert`, '');
		expect(undo.status, undo.text).toBe(201);
		expect(undo.body.changeset.revertOf).toBe(bin.changesetId);
		expect(undo.body.features).toMatchObject([{ id: bin.id, deleted: true }]);
		expectApiError(await client.get(itemPath(bin.id)), 404, 'feature.not-found');
		expect((await client.get(`/api/changesets/${bin.changesetId}`)).body.revertedBy).toBe(undo.body.changeset.id);

		const redo = await client.post(`/api/changesets/${undo.body.changeset.id}/revert`, '');
		expect(redo.status, redo.text).toBe(201);
		const back = await client.get(itemPath(bin.id));
		expect(back.status).toBe(200);
		expect(back.body).toMatchObject({ id: bin.id, version: 3, geometry: bin.geometry, properties: bin.properties });
	});

	it('reverting an update restores the properties and geometry before it; redo re-applies it', async () => {
		const bin = await client.create('bins', point(116.3, 40), { binType: 'refuse' });
		const edit = await client.patch(itemPath(bin.id), { geometry: point(116.4, 40.1), properties: { binType: 'litter', status: 'damaged' } }, { 'if-match': '"1"' });
		const undo = await client.post(`/api/changesets/${edit.body.changesetId}/revert`, '');
		expect(undo.status, undo.text).toBe(201);
		expect((await client.get(itemPath(bin.id))).body).toMatchObject({ version: 3, geometry: bin.geometry, properties: bin.properties });

		const redo = await client.post(`/api/changesets/${undo.body.changeset.id}/revert`, '');
		expect(redo.status, redo.text).toBe(201);
		expect((await client.get(itemPath(bin.id))).body).toMatchObject({ version: 4, geometry: edit.body.geometry, properties: edit.body.properties });
	});

	it('reverting a delete brings the feature back', async () => {
		const bin = await client.create('bins', point(116.3, 40), { name: 'deleted by mistake' });
		const del = await client.del(itemPath(bin.id), { 'if-match': '"1"' });
		const undo = await client.post(`/api/changesets/${del.body.changesetId}/revert`, '');
		expect(undo.status, undo.text).toBe(201);
		expect((await client.get(itemPath(bin.id))).body).toMatchObject({ version: 3, properties: bin.properties });
	});

	it('refuses to revert a changeset whose feature changed since, with 409 revert.conflict', async () => {
		const bin = await client.create('bins', point(116.3, 40));
		const first = await client.patch(itemPath(bin.id), { properties: { status: 'damaged' } }, { 'if-match': '"1"' });
		await client.patch(itemPath(bin.id), { properties: { status: 'removed' } }, { 'if-match': '"2"' });
		const before = await client.snapshot();

		const res = await client.post(`/api/changesets/${first.body.changesetId}/revert`, '');
		expectApiError(res, 409, 'revert.conflict');
		expect(res.body.details.changed).toEqual([{ featureId: bin.id, expectedVersion: 2, currentVersion: 3 }]);
		expect(await client.snapshot()).toEqual(before);
	});

	it('refuses to revert the same changeset twice', async () => {
		const bin = await client.create('bins', point(116.3, 40));
		expect((await client.post(`/api/changesets/${bin.changesetId}/revert`, '')).status).toBe(201);
		const before = await client.snapshot();
		expectApiError(await client.post(`/api/changesets/${bin.changesetId}/revert`, ''), 409, 'revert.conflict');
		expect(await client.snapshot()).toEqual(before);
	});

	it('answers 404 for a changeset that does not exist', async () => {
		expectApiError(await client.get('/api/changesets/999999'), 404, 'changeset.not-found');
		expectApiError(await client.post('/api/changesets/999999/revert', ''), 404, 'changeset.not-found');
		expectApiError(await client.post('/api/changesets/abc/revert', ''), 404, 'changeset.not-found');
	});
});

describe('history', () => {
	it('lists every version of a feature, oldest first, with its changeset and author', async () => {
		const bin = await client.create('bins', point(116.3, 40));
		const edit = await client.patch(itemPath(bin.id), { properties: { status: 'damaged' } }, { 'if-match': '"1"' });
		const res = await client.get(`${itemPath(bin.id)}/history`);
		expect(res.status).toBe(200);
		expect(res.body.versions).toMatchObject([
			{ version: 1, action: 'create', changesetId: bin.changesetId, author: 'admin', properties: { status: 'installed' }, geometry: bin.geometry },
			{ version: 2, action: 'update', changesetId: edit.body.changesetId, properties: { status: 'damaged' } }
		]);
	});

	it('answers 404 for a feature of another layer or none', async () => {
		const bin = await client.create('bins', point(116.3, 40));
		expectApiError(await client.get(`${itemPath(bin.id, 'drains')}/history`), 404, 'feature.not-found');
		expectApiError(await client.get(`${itemPath(999999)}/history`), 404, 'feature.not-found');
	});
});
