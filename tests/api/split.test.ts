/**
 * Splitting a road segment through the API: one changeset ends the old segment and creates two
 * parts with `splitFrom`; a stale version gets 409; bad input gets a 4xx naming the problem; and
 * reverting the split brings the old segment back with its history.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../helpers/server';
import { apiClient, expectApiError, line, type ApiClient } from './api-client';

let server: RunningServer;
let client: ApiClient;

beforeAll(async () => {
	server = await startServer();
	client = apiClient(server.url, (await server.createUser('field1', 'field')).token);
});

afterAll(() => server?.stop());

const splitPath = (id: number) => `/api/collections/road-segments/items/${id}/split`;
const newRoad = () => client.create('road-segments', line([116.35, 40], [116.351, 40], [116.351, 40.001]), { name: 'Back lane', roadClass: 'alley', surface: 'earth', hardened: false });

describe('POST /api/collections/road-segments/items/{id}/split', () => {
	it('ends the segment and creates two parts in one changeset, cut at the nearest point', async () => {
		const road = await newRoad();
		const res = await client.post(splitPath(road.id), { at: [116.3504, 40.00005], version: 1 }, { 'x-sanimap-source': 'field' });
		expect(res.status, res.text).toBe(201);
		expect(res.body.removed).toMatchObject({ id: road.id, deleted: true });
		const [a, b] = res.body.features;
		const cut = a.geometry.coordinates[1];
		expect(cut[0]).toBeCloseTo(116.3504, 9);
		expect(cut[1]).toBe(40);
		expect(a.geometry.coordinates).toEqual([[116.35, 40], cut]);
		expect(b.geometry.coordinates).toEqual([cut, [116.351, 40], [116.351, 40.001]]);
		for (const part of [a, b]) {
			expect(part.properties).toEqual({ name: 'Back lane', roadClass: 'alley', surface: 'earth', hardened: false, splitFrom: String(road.id) });
			expect(part.version).toBe(1);
		}
		const changeset = (await client.get(`/api/changesets/${res.body.changesetId}`)).body;
		expect(changeset.source).toBe('field');
		const actions = changeset.features.map((f: { featureId: number; action: string }) => [f.featureId, f.action]);
		expect(actions).toEqual([
			[road.id, 'delete'],
			[a.id, 'create'],
			[b.id, 'create']
		]);
		expectApiError(await client.get(`/api/collections/road-segments/items/${road.id}`), 404, 'feature.not-found');
	});

	it('marks one part in the same changeset when parts are given', async () => {
		const road = await newRoad();
		const res = await client.post(splitPath(road.id), {
			at: [116.351, 40.0004],
			version: 1,
			parts: [null, { hardened: true, surface: 'concrete', widthM: 2.5, hardenedAt: '2026-05-01' }]
		});
		expect(res.status, res.text).toBe(201);
		expect(res.body.features[0].properties).toMatchObject({ hardened: false, surface: 'earth' });
		expect(res.body.features[1].properties).toMatchObject({ hardened: true, surface: 'concrete', widthM: 2.5, hardenedAt: '2026-05-01', splitFrom: String(road.id) });
	});

	it('answers a stale version with 409 and the current segment, and stores nothing', async () => {
		const road = await newRoad();
		await client.patch(`/api/collections/road-segments/items/${road.id}`, { properties: { widthM: 3 } }, { 'if-match': '"1"' });
		const before = await client.snapshot();
		const res = await client.post(splitPath(road.id), { at: [116.3504, 40], version: 1 });
		expectApiError(res, 409, 'conflict');
		expect(res.body.details.current).toMatchObject({ id: road.id, version: 2 });
		expect(await client.snapshot()).toEqual(before);
	});

	it('takes the version from If-Match too', async () => {
		const road = await newRoad();
		const res = await client.post(splitPath(road.id), { at: [116.3504, 40] }, { 'if-match': '"1"' });
		expect(res.status, res.text).toBe(201);
	});

	it('refuses bad requests with a code and a readable message', async () => {
		const road = await newRoad();
		const before = await client.snapshot();
		expectApiError(await client.post(splitPath(road.id), { at: [116.3504, 40] }), 428, 'version.required');
		expectApiError(await client.post(splitPath(road.id), { at: 'here', version: 1 }), 400, 'split.at');
		expectApiError(await client.post(splitPath(road.id), { at: [116.3504, 40.01], version: 1 }), 422, 'split.too-far');
		expectApiError(await client.post(splitPath(road.id), { at: [116.35, 40], version: 1 }), 422, 'split.at-end');
		expectApiError(await client.post(splitPath(road.id), { at: [116.3504, 40], version: 1, parts: [{ surface: 'marble' }, null] }), 400, 'feature.invalid');
		expectApiError(await client.post(splitPath(road.id), '{"at":'), 400, 'json.malformed');
		expectApiError(await client.post(splitPath(999999), { at: [116.3504, 40], version: 1 }), 404, 'feature.not-found');
		expect(await client.snapshot()).toEqual(before);
	});

	it('only exists for road segments; the generic item routes still answer for them', async () => {
		const bin = await client.create('bins', { type: 'Point', coordinates: [116.35, 40] });
		expectApiError(await client.post(`/api/collections/bins/items/${bin.id}/split`, { at: [116.35, 40], version: 1 }), 404, 'not-found');
		const road = await newRoad();
		expect((await client.get(`/api/collections/road-segments/items/${road.id}`)).status).toBe(200);
		expect((await client.get('/api/collections/road-segments/items?limit=1')).status).toBe(200);
	});

	it('is undone by reverting its changeset: the old segment comes back, the parts go, history is kept', async () => {
		const road = await newRoad();
		const split = await client.post(splitPath(road.id), { at: [116.3504, 40], version: 1 });
		const revert = await client.post(`/api/changesets/${split.body.changesetId}/revert`, {});
		expect(revert.status, revert.text).toBe(201);
		const back = await client.get(`/api/collections/road-segments/items/${road.id}`);
		expect(back.status).toBe(200);
		expect(back.body.geometry).toEqual(road.geometry);
		expect(back.body.properties).toEqual(road.properties);
		for (const part of split.body.features) expectApiError(await client.get(`/api/collections/road-segments/items/${part.id}`), 404, 'feature.not-found');
		const history = (await client.get(`/api/collections/road-segments/items/${road.id}/history`)).body;
		const versions = history.versions.map((v: { action: string }) => v.action);
		expect(versions).toEqual(['create', 'delete', 'create']);
	});
});

describe('who may split', () => {
	it('needs a signed-in user with the right to edit road segments', async () => {
		const road = await newRoad();
		expectApiError(await apiClient(server.url).post(splitPath(road.id), { at: [116.3504, 40], version: 1 }), 401, 'auth.required');
		const viewer = apiClient(server.url, (await server.createUser('viewer1', 'viewer')).token);
		expectApiError(await viewer.post(splitPath(road.id), { at: [116.3504, 40], version: 1 }), 403, 'auth.forbidden');
		expect((await client.get(`/api/collections/road-segments/items/${road.id}`)).body.version).toBe(1);
	});

	it('records the signed-in user as the author', async () => {
		const road = await newRoad();
		const res = await client.post(splitPath(road.id), { at: [116.3504, 40], version: 1 });
		expect((await client.get(`/api/changesets/${res.body.changesetId}`)).body.author).toBe('field1');
	});
});
