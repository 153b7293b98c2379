/**
 * 除四害 over HTTP against the real server: surveys and activities are recorded through the one edit
 * path (a changeset each, undoable), answered with their indices; impossible counts, negative
 * numbers and a day after today (the server's clock, SANIMAP_NOW) are 400s naming the field in
 * English and Chinese, and store nothing; the per-zone figures give the latest indices, the level
 * (a zone exactly at the C boundary reaches C), the trend and the activities' totals.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../helpers/server';
import { apiClient, expectApiError, type ApiClient } from './api-client';

let server: RunningServer;
let api: ApiClient;
let viewer: ApiClient;
let east: number;
let west: number;

const square = (x: number) => ({
	type: 'Polygon',
	coordinates: [[[x, 40], [x + 0.002, 40], [x + 0.002, 40.002], [x, 40.002], [x, 40]]]
});

beforeAll(async () => {
	// 1 December 2026, 01:00 in Shanghai (still 30 November in UTC).
	server = await startServer({ env: { SANIMAP_NOW: '2026-12-01T01:00:00+08:00', SANIMAP_TIME_ZONE: 'Asia/Shanghai' } });
	api = apiClient(server.url, await server.login());
	viewer = apiClient(server.url, (await server.createUser('viewer1', 'viewer')).token);
	east = (await api.create('zones', square(116.35), { name: '东片' })).id;
	west = (await api.create('zones', square(116.36), { name: '西片' })).id;
});

afterAll(() => server?.stop());

const putRules = (body: unknown) => api.send('PUT', '/api/rules', { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });

const larvae = (extra: Record<string, unknown> = {}) => ({
	zoneId: east,
	kind: 'mosquito-larvae',
	surveyedAt: '2026-11-20',
	householdsInspected: 101,
	householdsPositive: 5,
	containersInspected: 140,
	containersPositive: 7,
	...extra
});

describe('recording a survey', () => {
	it('answers 201 with the record, its indices and level, stored as a changeset at the zone', async () => {
		const res = await api.post('/api/vector-surveys', larvae());
		expect(res.status, res.text).toBe(201);
		expect(res.body).toMatchObject({ zoneId: east, kind: 'mosquito-larvae', surveyedAt: '2026-11-20', householdsInspected: 101, indices: { breteauIndex: 6.93, houseIndex: 4.95, containerIndex: 5 }, level: 'below-C', levelMayBeBetter: false });
		const stored = await api.get(`/api/collections/vector-surveys/items/${res.body.id}`);
		expect(stored.status).toBe(200);
		expect(stored.body.properties).toMatchObject({ surveyKind: 'mosquito-larvae', zoneId: String(east), containersPositive: 7 });
		expect(stored.body.geometry.type).toBe('Point');
		const cs = await api.get(`/api/changesets/${res.body.changesetId}`);
		expect(cs.status).toBe(200);
	});

	it('a survey can be undone like any edit', async () => {
		const res = await api.post('/api/vector-surveys', { zoneId: west, kind: 'cockroach', surveyedAt: '2026-11-21', placesInspected: 10, placesPositive: 1 });
		expect(res.status, res.text).toBe(201);
		const undo = await api.post(`/api/changesets/${res.body.changesetId}/revert`, {});
		expect(undo.status, undo.text).toBe(201);
		expect((await api.get(`/api/collections/vector-surveys/items/${res.body.id}`)).status).toBe(404);
	});

	it('links the breeding sites it found as hotspot cases; an unknown case is refused', async () => {
		const site = await api.post('/api/hotspots', { type: 'Feature', geometry: { type: 'Point', coordinates: [116.351, 40.001] }, properties: { category: 'mosquito-breeding', severity: 'medium', description: '盆景积水' } });
		expect(site.status, site.text).toBe(201);
		const res = await api.post('/api/vector-surveys', larvae({ surveyedAt: '2026-11-19', hotspotIds: [String(site.body.id)] }));
		expect(res.status, res.text).toBe(201);
		expect(res.body.hotspotIds).toEqual([String(site.body.id)]);
		await api.post(`/api/changesets/${res.body.changesetId}/revert`, {});
		const bad = await api.post('/api/vector-surveys', larvae({ hotspotIds: ['999999'] }));
		expectApiError(bad, 400, 'feature.invalid');
		expect(bad.body.details.issues[0]).toMatchObject({ path: 'hotspotIds', code: 'vector.hotspot-unknown', messageZh: expect.stringContaining('不存在') });
	});

	it('a viewer may not record one', async () => {
		expectApiError(await viewer.post('/api/vector-surveys', larvae()), 403, 'auth.forbidden');
	});
});

describe('impossible counts are refused, naming the field in English and Chinese, storing nothing', () => {
	// Bodies are made when the test runs: the zones exist only after beforeAll.
	const cases: [string, () => Record<string, unknown>, string, string, RegExp][] = [
		['positives above inspected', () => larvae({ householdsPositive: 102 }), 'householdsPositive', 'vector.positives-above-inspected', /阳性户数/],
		['positive containers above inspected', () => larvae({ containersPositive: 141 }), 'containersPositive', 'vector.positives-above-inspected', /阳性容器数/],
		['a negative number', () => larvae({ containersInspected: -3 }), 'containersInspected', 'field.range', /负数/],
		['a fraction of a household', () => larvae({ householdsInspected: 10.5 }), 'householdsInspected', 'field.type', /整数/],
		['a day after today in the project time zone', () => larvae({ surveyedAt: '2026-12-02' }), 'surveyedAt', 'vector.future-date', /晚于今天/],
		['counts of another method', () => ({ zoneId: east, kind: 'fly', surveyedAt: '2026-11-20', placesInspected: 5, placesPositive: 1, trapsSet: 4 }), 'trapsSet', 'vector.count-not-of-method', /不属于/],
		['a missing count', () => ({ zoneId: east, kind: 'rodent-powder', surveyedAt: '2026-11-20', patchesLaid: 40 }), 'patchesPositive', 'vector.count-required', /阳性粉块数/],
		['an unknown zone', () => larvae({ zoneId: 999999 }), 'zoneId', 'vector.zone-unknown', /不存在/],
		['an unknown method', () => larvae({ kind: 'bedbugs' }), 'kind', 'vector.kind', /kind/]
	];
	it.each(cases)('%s', async (_name, body, field, code, zh) => {
		const before = await api.snapshot();
		const res = await api.post('/api/vector-surveys', body());
		expectApiError(res, 400, 'feature.invalid');
		const found = res.body.details.issues.find((i: { path: string }) => i.path === field);
		expect(found, JSON.stringify(res.body.details.issues)).toMatchObject({ code });
		// The English message names the field by its key or its label ("containersInspected", "Containers inspected").
		const label = field.replace(/Id$/, '').replace(/([A-Z])/g, ' $1');
		expect(found.message).toMatch(new RegExp(`${field}|${label}`, 'i'));
		expect(found.messageZh).toMatch(zh);
		expect(await api.snapshot()).toEqual(before);
	});

	it('today in Shanghai is not the future although it is still yesterday in UTC', async () => {
		const res = await api.post('/api/vector-surveys', { zoneId: west, kind: 'fly', surveyedAt: '2026-12-01', placesInspected: 20, placesPositive: 0 });
		expect(res.status, res.text).toBe(201);
		await api.post(`/api/changesets/${res.body.changesetId}/revert`, {});
	});

	it('a patch that puts positives above inspected is refused too', async () => {
		const res = await api.post('/api/vector-surveys', { zoneId: west, kind: 'rodent-trap', surveyedAt: '2026-11-02', trapsSet: 50, trapsCaught: 1 });
		expect(res.status, res.text).toBe(201);
		const patch = await api.patch(`/api/collections/vector-surveys/items/${res.body.id}`, { properties: { trapsCaught: 51 } }, { 'if-match': `"${res.body.version}"` });
		expectApiError(patch, 400, 'feature.invalid');
		expect(patch.body.details.issues[0]).toMatchObject({ path: 'properties.trapsCaught', code: 'vector.positives-above-inspected' });
	});

	it('an activity with a negative amount or a future day is refused', async () => {
		const neg = await api.post('/api/vector-activities', { zoneId: east, kind: 'bait', activityAt: '2026-11-03', amountKg: -1 });
		expectApiError(neg, 400, 'feature.invalid');
		expect(neg.body.details.issues[0]).toMatchObject({ path: 'amountKg', code: 'field.range' });
		const future = await api.post('/api/vector-activities', { zoneId: east, kind: 'spray', activityAt: '2027-01-01', areaM2: 100 });
		expectApiError(future, 400, 'feature.invalid');
		expect(future.body.details.issues[0]).toMatchObject({ path: 'activityAt', code: 'vector.future-date' });
	});
});

describe('the figures per zone', () => {
	beforeAll(async () => {
		for (const body of [
			{ zoneId: east, kind: 'mosquito-larvae', surveyedAt: '2026-10-20', householdsInspected: 100, householdsPositive: 8, containersInspected: 120, containersPositive: 12 },
			// Exactly at the C boundary of rooms with flies (9 %).
			{ zoneId: west, kind: 'fly', surveyedAt: '2026-11-10', placesInspected: 100, placesPositive: 9 },
			{ zoneId: west, kind: 'rodent-powder', surveyedAt: '2026-11-12', patchesLaid: 200, patchesPositive: 3 }
		]) {
			const res = await api.post('/api/vector-surveys', body);
			expect(res.status, res.text).toBe(201);
		}
		for (const body of [
			{ zoneId: east, kind: 'bait', activityAt: '2026-11-03', amountKg: 20.5, count: 105 },
			{ zoneId: east, kind: 'spray', activityAt: '2026-11-04', areaM2: 3000 },
			{ zoneId: west, kind: 'bait', activityAt: '2026-11-15', amountKg: 4.5 },
			{ zoneId: west, kind: 'bait', activityAt: '2026-10-30', amountKg: 10 }
		]) {
			const res = await api.post('/api/vector-activities', body);
			expect(res.status, res.text).toBe(201);
		}
	});

	it('GET /api/analysis/vectors: latest indices, level, trend and activity totals of November', async () => {
		const res = await api.get('/api/analysis/vectors?from=2026-11-01&to=2026-12-01');
		expect(res.status, res.text).toBe(200);
		const byName = Object.fromEntries(res.body.zones.map((z: { name: string }) => [z.name, z]));
		expect(byName['东片'].mosquito).toMatchObject({ breteauIndex: 6.93, houseIndex: 4.95, containerIndex: 5, level: 'below-C', trend: 'improving' });
		expect(byName['东片'].failing).toEqual(['mosquito']);
		expect(byName['东片'].activities.bait).toEqual({ records: 1, amountKg: 20.5, areaM2: 0, count: 105 });
		expect(byName['东片'].activities.spray).toEqual({ records: 1, amountKg: 0, areaM2: 3000, count: 0 });
		expect(byName['西片'].fly).toMatchObject({ positiveRatePct: 9, level: 'C' });
		expect(byName['西片'].rodent).toMatchObject({ method: 'rodent-powder', positiveRatePct: 1.5, level: 'C' });
		expect(byName['西片'].level).toBe('C');
		// A and B are not set for these indices: C or better.
		expect(byName['西片'].levelMayBeBetter).toBe(true);
		expect(byName['东片'].levelMayBeBetter).toBe(false);
		expect(byName['西片'].activities.bait).toEqual({ records: 1, amountKg: 4.5, areaM2: 0, count: 0 });
		expect(res.body.total.activities.bait).toEqual({ records: 2, amountKg: 25, areaM2: 0, count: 105 });
		expect(res.body.timeZone).toBe('Asia/Shanghai');
	});

	it('the levels follow the rules: an administrator setting the container index C at 5 % lifts the east zone to C', async () => {
		const put = await putRules({ vectorLevels: { mosquitoContainerIndex: { C: 5 } } });
		expect(put.status, put.text).toBe(200);
		const res = await api.get('/api/analysis/vectors?from=2026-11-01&to=2026-12-01');
		const eastZone = res.body.zones.find((z: { name: string }) => z.name === '东片');
		expect(eastZone.mosquito.level).toBe('C'); // the container index of exactly 5 % now reaches C
		const back = await putRules({});
		expect(back.status).toBe(200);
	});

	it('a rule with a stricter C than B is refused', async () => {
		expectApiError(await putRules({ vectorLevels: { flyRoomPositivePct: { B: 6, C: 3 } } }), 400, 'rules.invalid');
	});

	it('lists surveys and activities with the filters', async () => {
		const east1 = await api.get(`/api/vector-surveys?zone=${east}&kind=mosquito-larvae&from=2026-11-01&to=2026-12-01`);
		expect(east1.status, east1.text).toBe(200);
		expect(east1.body.surveys.map((s: { surveyedAt: string }) => s.surveyedAt)).toEqual(['2026-11-20']);
		const baits = await api.get('/api/vector-activities?kind=bait&from=2026-11-01');
		expect(baits.body.activities.map((a: { amountKg: number }) => a.amountKg)).toEqual([4.5, 20.5]);
		expectApiError(await api.get('/api/vector-surveys?kind=bedbugs'), 400, 'query.kind');
		expectApiError(await api.get('/api/vector-surveys?from=yesterday'), 400, 'query.from');
	});

	it('the OpenAPI document names the routes', async () => {
		const res = await api.get('/api/api');
		expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(['/vector-surveys', '/vector-activities', '/analysis/vectors']));
	});
});

describe('the field outbox sends the same records as edits', () => {
	it('POST /api/edits with a vector-survey edit stores it; a bad one is refused whole', async () => {
		const ok = await api.post('/api/edits', { edits: [{ type: 'vector-survey', record: { zoneId: west, kind: 'fly', surveyedAt: '2026-11-25', placesInspected: 30, placesPositive: 1 } }] });
		expect(ok.status, ok.text).toBe(201);
		expect(ok.body.features[0]).toMatchObject({ collection: 'vector-surveys' });
		const bad = await api.post('/api/edits', { edits: [{ type: 'vector-survey', record: { zoneId: west, kind: 'fly', surveyedAt: '2026-11-25', placesInspected: 3, placesPositive: 4 } }] });
		expectApiError(bad, 400, 'feature.invalid');
		expect(bad.body.details.issues[0]).toMatchObject({ path: 'placesPositive', messageZh: expect.stringContaining('阳性') });
	});
});

describe('field staff given zones record only for their zones, on every write path', () => {
	let field: ApiClient;
	const changesetCount = async () => (await api.get('/api/changesets?limit=500')).body.changesets.length;
	const surveyCount = async () => (await api.get('/api/vector-surveys')).body.surveys.length;
	const activityCount = async () => (await api.get('/api/vector-activities')).body.activities.length;
	// A point inside the east zone.
	const inEast = { type: 'Point', coordinates: [116.351, 40.001] };

	beforeAll(async () => {
		field = apiClient(server.url, (await server.createUser('field-east', 'field')).token);
		const put = await api.send('PUT', '/api/auth/users/field-east/zones', { body: JSON.stringify({ zones: [east] }), headers: { 'content-type': 'application/json' } });
		expect(put.status, put.text).toBe(200);
	});

	it('a survey or activity of another zone is a 403 naming that zone, and nothing is stored', async () => {
		const before = [await changesetCount(), await surveyCount(), await activityCount()];
		const fly = { kind: 'fly', surveyedAt: '2026-11-26', placesInspected: 20, placesPositive: 1 };
		const refused = [
			await field.post('/api/vector-surveys', { zoneId: west, ...fly }),
			// Placed inside one's own zone but naming the other: the record is the other zone's.
			await field.post('/api/vector-surveys', { zoneId: west, ...fly, geometry: inEast }),
			await field.post('/api/vector-activities', { zoneId: west, kind: 'spray', activityAt: '2026-11-26', areaM2: 50 }),
			// The generic collection route and the edit batch of the field outbox.
			await field.post('/api/collections/vector-surveys/items', { type: 'Feature', geometry: inEast, properties: { surveyKind: 'fly', surveyedAt: '2026-11-26', zoneId: String(west), placesInspected: 20, placesPositive: 1 } }),
			await field.post('/api/collections/vector-activities/items', { type: 'Feature', geometry: inEast, properties: { activityKind: 'spray', activityAt: '2026-11-26', zoneId: String(west), areaM2: 50 } }),
			await field.post('/api/edits', { edits: [{ type: 'vector-survey', record: { zoneId: west, ...fly } }] })
		];
		for (const res of refused) {
			expectApiError(res, 403, 'zone.forbidden');
			expect(res.body.details).toMatchObject({ zoneId: west, zoneName: '西片', yourZones: [east] });
		}
		expect([await changesetCount(), await surveyCount(), await activityCount()]).toEqual(before);
	});

	it('one of their own zone is stored; moving it to another zone afterwards is refused', async () => {
		const mine = await field.post('/api/vector-surveys', { zoneId: east, kind: 'cockroach', surveyedAt: '2026-11-26', placesInspected: 40, placesPositive: 2 });
		expect(mine.status, mine.text).toBe(201);
		const moved = await field.patch(`/api/collections/vector-surveys/items/${mine.body.id}`, { properties: { zoneId: String(west) } }, { 'if-match': `"${mine.body.version}"` });
		expectApiError(moved, 403, 'zone.forbidden');
		expect((await api.get(`/api/collections/vector-surveys/items/${mine.body.id}`)).body.properties.zoneId).toBe(String(east));
	});
});
