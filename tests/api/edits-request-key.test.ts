/**
 * POST /api/edits with an Idempotency-Key: a request sent again after its answer was lost (the
 * field outbox does this whenever a connection drops mid-answer) is answered with what the first
 * one stored, never stored twice; against the real server, on each store the project runs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../helpers/server';
import { apiClient, expectApiError, type ApiClient } from './api-client';

let server: RunningServer;
let client: ApiClient;

beforeAll(async () => {
	server = await startServer();
	client = apiClient(server.url, await server.login());
});
afterAll(() => server?.stop());

const report = (lon: number) => ({
	edits: [{ type: 'report-case', feature: { type: 'Feature', geometry: { type: 'Point', coordinates: [lon, 40] }, properties: { category: 'small-ads' } } }]
});
const hotspotCount = async () => (await client.get('/api/collections/hotspots/items?limit=1')).body.numberMatched;

describe('a request key', () => {
	it('stores a request sent twice once, and answers the second with the first changeset', async () => {
		const before = await hotspotCount();
		const first = await client.post('/api/edits', report(116.401), { 'idempotency-key': 'phone-1-report-7' });
		expect(first.status, first.text).toBe(201);
		expect(first.headers.get('idempotent-replayed')).toBeNull();
		expect(first.body.notes[0]).toHaveProperty('duplicates');

		const again = await client.post('/api/edits', report(116.401), { 'idempotency-key': 'phone-1-report-7' });
		expect(again.status, again.text).toBe(201);
		expect(again.headers.get('idempotent-replayed')).toBe('true');
		expect(again.body.changeset).toEqual(first.body.changeset);
		expect(again.body.features).toEqual(first.body.features);
		expect(again.body.notes).toEqual([null]);
		expect(await hotspotCount()).toBe(before + 1);
	});

	it('answers an edit of a feature changed since with what that edit stored, not a conflict', async () => {
		const bin = await client.create('bins', { type: 'Point', coordinates: [116.402, 40] }, { capacityL: 120 });
		const edit = { edits: [{ type: 'patch', collection: 'bins', id: bin.id, version: 1, feature: { properties: { capacityL: 240 } } }] };
		const first = await client.post('/api/edits', edit, { 'idempotency-key': 'phone-1-edit-8' });
		expect(first.status, first.text).toBe(201);
		// Someone else edits the bin before the phone sends its edit again.
		expect((await client.patch(`/api/collections/bins/items/${bin.id}`, { properties: { status: 'damaged' } }, { 'if-match': '"2"' })).status).toBe(200);
		const again = await client.post('/api/edits', edit, { 'idempotency-key': 'phone-1-edit-8' });
		expect(again.status, again.text).toBe(201);
		expect(again.body.features[0]).toMatchObject({ id: bin.id, version: 2, properties: { capacityL: 240, status: 'installed' } });
		const stored = (await client.get(`/api/collections/bins/items/${bin.id}`)).body;
		expect(stored).toMatchObject({ version: 3, properties: { capacityL: 240, status: 'damaged' } });
		expect((await client.get(`/api/collections/bins/items/${bin.id}/history`)).body.versions).toHaveLength(3);
	});

	it('stores one of several copies racing in at once', async () => {
		const before = await hotspotCount();
		const answers = await Promise.all(Array.from({ length: 6 }, () => client.post('/api/edits', report(116.403), { 'idempotency-key': 'phone-1-report-9' })));
		expect(answers.map((a) => a.status)).toEqual(Array(6).fill(201));
		expect(new Set(answers.map((a) => a.body.changeset.id)).size).toBe(1);
		expect(answers.filter((a) => a.headers.get('idempotent-replayed') === 'true')).toHaveLength(5);
		expect(await hotspotCount()).toBe(before + 1);
	});

	it('keeps each user’s keys apart', async () => {
		const other = apiClient(server.url, (await server.createUser('li-keys', 'planner')).token);
		const mine = await client.post('/api/edits', report(116.404), { 'idempotency-key': 'shared-key' });
		const theirs = await other.post('/api/edits', report(116.404), { 'idempotency-key': 'shared-key' });
		expect([mine.status, theirs.status]).toEqual([201, 201]);
		expect(theirs.headers.get('idempotent-replayed')).toBeNull();
		expect(theirs.body.changeset.id).not.toBe(mine.body.changeset.id);
	});

	it('refuses a key used for another request, and a key it cannot keep, storing nothing', async () => {
		expect((await client.post('/api/edits', report(116.405), { 'idempotency-key': 'phone-1-report-10' })).status).toBe(201);
		const before = await hotspotCount();
		const reused = await client.post('/api/edits', report(116.406), { 'idempotency-key': 'phone-1-report-10' });
		expectApiError(reused, 422, 'edits.request-key-reused');
		expect(reused.body.message).toContain('was used for another request');
		expectApiError(await client.post('/api/edits', report(116.406), { 'idempotency-key': 'not a key' }), 400, 'edits.request-key');
		expectApiError(await client.post('/api/edits', report(116.406), { 'idempotency-key': 'k'.repeat(101) }), 400, 'edits.request-key');
		expect(await hotspotCount()).toBe(before);
	});
});
