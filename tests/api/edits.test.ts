/**
 * POST /api/edits: several edits, of any kind the single-edit endpoints take, stored as one
 * changeset or refused whole; against the real server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../helpers/server';
import { apiClient, expectApiError, type ApiClient } from './api-client';

const point = (lon: number, lat: number) => ({ type: 'Point', coordinates: [lon, lat] });
const road = { type: 'LineString', coordinates: [[116.35, 40], [116.352, 40]] };

let server: RunningServer;
let client: ApiClient;

beforeAll(async () => {
	server = await startServer();
	client = apiClient(server.url, await server.login());
});
afterAll(() => server?.stop());

const changesetCount = async () => (await client.get('/api/changesets?limit=500')).body.changesets.length;

describe('a batch of edits', () => {
	it('creates, edits, splits, reports and deletes in one changeset, undone in one step', async () => {
		const bin = await client.create('bins', point(116.3, 40), { capacityL: 120 });
		const segment = await client.create('road-segments', road, { roadClass: 'alley', surface: 'earth', hardened: false });
		const gone = await client.create('shops', point(116.31, 40));
		const res = await client.post('/api/edits', {
			comment: 'a morning in the field',
			edits: [
				{ type: 'create', collection: 'bins', feature: { type: 'Feature', geometry: point(116.301, 40) } },
				{ type: 'patch', collection: 'bins', id: bin.id, version: 1, feature: { properties: { status: 'damaged' } } },
				{ type: 'split', id: segment.id, version: 1, at: [116.351, 40], parts: [{ hardened: true, surface: 'concrete' }, null] },
				{ type: 'report-case', feature: { type: 'Feature', geometry: point(116.302, 40), properties: { category: 'small-ads' } } },
				{ type: 'delete', collection: 'shops', id: gone.id, version: 1 }
			]
		});
		expect(res.status, res.text).toBe(201);
		expect(res.body.changeset.comment).toBe('a morning in the field');
		expect(res.body.changeset.features.map((f: { action: string }) => f.action)).toEqual(['create', 'update', 'delete', 'create', 'create', 'create', 'delete']);
		const [created, edited, removed, partA, , reported, shop] = res.body.features;
		expect(created).toMatchObject({ collection: 'bins', version: 1 });
		expect(edited.properties).toEqual({ binType: 'litter', capacityL: 120, status: 'damaged' });
		expect(removed).toMatchObject({ id: segment.id, deleted: true });
		expect(partA.properties).toMatchObject({ hardened: true, surface: 'concrete', splitFrom: String(segment.id) });
		expect(reported.properties).toMatchObject({ status: 'reported', category: 'small-ads' });
		expect(shop).toMatchObject({ id: gone.id, deleted: true });

		const undo = await client.post(`/api/changesets/${res.body.changeset.id}/revert`, '');
		expect(undo.status, undo.text).toBe(201);
		expect((await client.get(`/api/collections/bins/items/${bin.id}`)).body.properties.status).toBe('installed');
		expect((await client.get(`/api/collections/road-segments/items/${segment.id}`)).status).toBe(200);
		expect((await client.get(`/api/collections/shops/items/${gone.id}`)).status).toBe(200);
		expect((await client.get(`/api/collections/bins/items/${created.id}`)).status).toBe(404);
	});

	it('is refused whole when one edit is stale, naming it; nothing of it is stored', async () => {
		const bin = await client.create('bins', point(116.3, 40));
		expect((await client.patch(`/api/collections/bins/items/${bin.id}`, { properties: { status: 'damaged' } }, { 'if-match': '"1"' })).status).toBe(200);
		const before = await changesetCount();
		const res = await client.post('/api/edits', {
			edits: [
				{ type: 'create', collection: 'bins', feature: { type: 'Feature', geometry: point(116.301, 40) } },
				{ type: 'patch', collection: 'bins', id: bin.id, version: 1, feature: { properties: { status: 'removed' } } }
			]
		});
		expectApiError(res, 409, 'conflict');
		expect(res.body.details.fields).toEqual([{ field: 'status', read: 'installed', sent: 'removed', current: 'damaged' }]);
		expect(await changesetCount()).toBe(before);
	});

	it('merges a stale edit of fields nobody else changed, and says so per feature', async () => {
		const bin = await client.create('bins', point(116.3, 40));
		expect((await client.patch(`/api/collections/bins/items/${bin.id}`, { properties: { status: 'damaged' } }, { 'if-match': '"1"' })).status).toBe(200);
		const res = await client.post('/api/edits', { edits: [{ type: 'patch', collection: 'bins', id: bin.id, version: 1, feature: { properties: { capacityL: 60 } } }] });
		expect(res.status, res.text).toBe(201);
		expect(res.body.features[0]).toMatchObject({ version: 3, merged: ['status'], properties: { status: 'damaged', capacityL: 60 } });
	});

	it('tells the reporter of a case its zone and the open cases of its kind close by, per edit', async () => {
		const zone = await client.create('zones', { type: 'Polygon', coordinates: [[[116.4, 40.1], [116.41, 40.1], [116.41, 40.11], [116.4, 40.11], [116.4, 40.1]]] }, { name: 'North lanes' });
		const report = (category: string) => ({ type: 'report-case', feature: { type: 'Feature', geometry: point(116.405, 40.105), properties: { category } } });
		const first = await client.post('/api/edits', { edits: [report('small-ads')] });
		expect(first.status, first.text).toBe(201);
		expect(first.body.notes).toEqual([{ zone: { id: zone.id, name: 'North lanes' }, duplicates: [] }]);
		const again = await client.post('/api/edits', { edits: [{ type: 'create', collection: 'bins', feature: { type: 'Feature', geometry: point(116.4051, 40.105) } }, report('small-ads')] });
		expect(again.status, again.text).toBe(201);
		expect(again.body.notes[0]).toBeNull();
		expect(again.body.notes[1].duplicates).toMatchObject([{ id: first.body.features[0].id, distanceM: 0, status: 'reported' }]);
	});

	it('names the bad edit of a batch and what is wrong with it', async () => {
		expectApiError(await client.post('/api/edits', { edits: [] }), 400, 'edits.empty');
		expectApiError(await client.post('/api/edits', { edits: [{ type: 'paint' }] }), 400, 'edits.type');
		expectApiError(await client.post('/api/edits', [{ type: 'create' }]), 400, 'edits.invalid');
		const bad = await client.post('/api/edits', {
			edits: [
				{ type: 'create', collection: 'bins', feature: { type: 'Feature', geometry: point(116.3, 40) } },
				{ type: 'create', collection: 'bins', feature: { type: 'Feature', geometry: point(200, 40) } }
			]
		});
		expectApiError(bad, 400, 'feature.invalid');
		expect(bad.body.details.index).toBe(1);
		expect(bad.body.message).toMatch(/^Edit 1: /);
		expectApiError(await client.post('/api/edits', { edits: [{ type: 'patch', collection: 'bins', id: 999999, version: 1, feature: { properties: {} } }] }), 404, 'feature.not-found');
		expectApiError(await client.post('/api/edits', { edits: Array.from({ length: 10_001 }, () => ({ type: 'delete', collection: 'bins', id: 1, version: 1 })) }), 413, 'edits.too-many');
	});
});
