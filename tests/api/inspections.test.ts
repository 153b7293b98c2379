/**
 * The work cycle against the real server: inspection templates (versioned), inspections with
 * their findings' cases in one changeset (also as a `record-inspection` edit, and undone
 * together), every refusal naming its item, the zone check of field staff, zone levels, the
 * ranking board with a tie, an unranked zone, a period boundary in Asia/Shanghai and a roll-up,
 * the due list, shop frontage, and the bulletin as CSV and as a PDF read back with pdftotext.
 * The clock is pinned (SANIMAP_NOW) to Wednesday 18 November 2026, 10:00 in Shanghai.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import CheapRuler from 'cheap-ruler';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../helpers/server';
import { apiClient, expectApiError, type ApiClient } from './api-client';

const NOW = '2026-11-18T10:00:00+08:00';
let server: RunningServer;
let admin: ApiClient;
let planner: ApiClient;
let field1: ApiClient; // given zone Z1
let field2: ApiClient; // no zones: not restricted
let viewer: ApiClient;

const square = (x: number, y: number, size = 0.002) => ({
	type: 'Polygon',
	coordinates: [[[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]]
});
const zones: Record<string, number> = {};
let zoneTemplate: { id: number; items: { key: string; maxPoints: number }[] };
let shopTemplate: { id: number };
let photo: string;

/** The zone checklist with full points, except the given items. */
const scores = (overrides: Record<string, number> = {}) => ({ ...Object.fromEntries(zoneTemplate.items.map((i) => [i.key, i.maxPoints])), ...overrides });
const inspect = (client: ApiClient, zone: string, inspectedAt: string, body: Record<string, unknown> = {}) =>
	client.post('/api/inspections', { templateId: zoneTemplate.id, target: { collection: 'zones', id: zones[zone] }, inspectedAt, scores: scores(), ...body });
const changesetCount = async () => (await admin.get('/api/changesets?limit=500')).body.changesets.length;

beforeAll(async () => {
	server = await startServer({ env: { SANIMAP_NOW: NOW } });
	admin = apiClient(server.url, await server.login());
	planner = apiClient(server.url, (await server.createUser('planner1', 'planner')).token);
	field1 = apiClient(server.url, (await server.createUser('field1', 'field')).token);
	field2 = apiClient(server.url, (await server.createUser('field2', 'field')).token);
	viewer = apiClient(server.url, (await server.createUser('viewer1', 'viewer')).token);
	// Ranked under the parent P: Alpha (with its child Charlie), Bravo, Delta, Echo. Z1, Z2 for the field staff.
	zones.P = (await admin.create('zones', square(116.37, 40.0, 0.01), { name: 'Parish' })).id;
	for (const [name, x] of [['Alpha', 116.35], ['Bravo', 116.354], ['Delta', 116.358], ['Echo', 116.362]] as const) {
		zones[name] = (await admin.create('zones', square(x, 40.0), { name, parentId: zones.P, responsible: `${name} keeper` })).id;
	}
	zones.Charlie = (await admin.create('zones', square(116.35, 40.004), { name: 'Charlie', parentId: zones.Alpha })).id;
	zones.Z1 = (await admin.create('zones', square(116.35, 40.02), { name: 'Zone One', responsible: 'Zhang San' })).id;
	zones.Z2 = (await admin.create('zones', square(116.354, 40.02), { name: 'Zone Two', responsible: 'Li Si' })).id;
	const templates = (await admin.get('/api/inspection-templates')).body.templates;
	zoneTemplate = templates.find((t: { target: string }) => t.target === 'zones');
	shopTemplate = templates.find((t: { target: string }) => t.target === 'shops');
	const jpeg = await sharp({ create: { width: 32, height: 32, channels: 3, background: { r: 120, g: 90, b: 40 } } }).jpeg().toBuffer();
	const up = await field1.send('POST', '/api/photos', { body: new Uint8Array(jpeg), headers: { 'content-type': 'image/jpeg' } });
	expect(up.status, up.text).toBe(201);
	photo = up.body.id;
}, 60_000);

afterAll(() => server?.stop());

describe('inspection templates', () => {
	it('start with the zone and shop checklists of the 卫生村 practice', async () => {
		const res = await viewer.get('/api/inspection-templates');
		expect(res.status).toBe(200);
		expect(res.body.templates.map((t: { target: string; cadence: string; version: number }) => [t.target, t.cadence, t.version])).toEqual([
			['zones', 'weekly', 1],
			['shops', 'monthly', 1]
		]);
		expect(zoneTemplate.items.map((i) => i.key)).toContain('no-exposed-rubbish');
		const one = await viewer.get(`/api/inspection-templates/${zoneTemplate.id}`);
		expect(one.body.items.find((i: { key: string }) => i.key === 'no-exposed-rubbish')).toMatchObject({ label: { zh: '无暴露垃圾与卫生死角' }, maxPoints: 15, photoRequired: true });
		expectApiError(await viewer.get('/api/inspection-templates/999999'), 404, 'inspection.template.not-found');
	});

	it('are made and changed by planners, refused to field staff, checked item by item, versioned with a 409 on a stale version', async () => {
		const body = { name: { zh: '背街小巷检查', en: 'Back lane check' }, target: 'road-segments', cadence: 'monthly', items: [{ key: 'swept', label: { zh: '路面保洁', en: 'Swept' }, maxPoints: 10, photoRequired: false }] };
		expectApiError(await field1.post('/api/inspection-templates', body), 403, 'auth.forbidden');
		const dup = await planner.post('/api/inspection-templates', { ...body, items: [body.items[0], body.items[0]] });
		expectApiError(dup, 400, 'template.item.duplicate');
		expect(dup.body.details.item).toBe(1);
		expectApiError(await planner.post('/api/inspection-templates', { ...body, items: [{ ...body.items[0], maxPoints: 0 }] }), 400, 'template.item.points');
		const made = await planner.post('/api/inspection-templates', body);
		expect(made.status, made.text).toBe(201);
		expect(made.body).toMatchObject({ version: 1, target: 'road-segments' });
		const changed = await planner.patch(`/api/inspection-templates/${made.body.id}`, { version: 1, cadence: 'weekly' });
		expect(changed.status, changed.text).toBe(200);
		expect(changed.body).toMatchObject({ version: 2, cadence: 'weekly', items: body.items });
		expectApiError(await planner.patch(`/api/inspection-templates/${made.body.id}`, { version: 1, cadence: 'monthly' }), 409, 'conflict');
		expectApiError(await planner.patch(`/api/inspection-templates/${made.body.id}`, { cadence: 'monthly' }), 428, 'version.required');
		expectApiError(await planner.patch(`/api/inspection-templates/${made.body.id}`, { version: 2, target: 'zones' }), 400, 'template.unknown-member');
		expect((await viewer.get(`/api/inspection-templates/${made.body.id}?version=1`)).body.cadence).toBe('monthly');
	});

	it('keep an old inspection at the version and score it was recorded with', async () => {
		const t = (
			await planner.post('/api/inspection-templates', {
				name: { zh: '小检查', en: 'Small check' },
				target: 'zones',
				cadence: 'monthly',
				items: [
					{ key: 'one', label: { zh: '一', en: 'One' }, maxPoints: 10, photoRequired: false },
					{ key: 'two', label: { zh: '二', en: 'Two' }, maxPoints: 10, photoRequired: false }
				]
			})
		).body;
		const first = await admin.post('/api/inspections', { templateId: t.id, target: { collection: 'zones', id: zones.Z2 }, inspectedAt: '2026-11-02T09:00:00+08:00', scores: { one: 5, two: 10 } });
		expect(first.body).toMatchObject({ templateVersion: 1, points: 15, maxPoints: 20, scorePct: 75 });
		const edited = await planner.patch(`/api/inspection-templates/${t.id}`, { version: 1, items: [t.items[0], { ...t.items[1], maxPoints: 30 }] });
		expect(edited.body.version).toBe(2);
		const old = (await viewer.get(`/api/inspections/${first.body.id}`)).body;
		expect(old).toMatchObject({ templateVersion: 1, points: 15, maxPoints: 20, scorePct: 75 });
		expect(old.items.find((i: { key: string }) => i.key === 'two').maxPoints).toBe(10);
		// The same points under version 2: 15 of 40.
		const second = await admin.post('/api/inspections', { templateId: t.id, target: { collection: 'zones', id: zones.Z2 }, inspectedAt: '2026-11-03T09:00:00+08:00', scores: { one: 5, two: 10 } });
		expect(second.body).toMatchObject({ templateVersion: 2, points: 15, maxPoints: 40, scorePct: 37.5 });
	});
});

describe('recording an inspection', () => {
	let recorded: { id: number; findings: { itemKey: string; hotspotId: number }[] };
	const ruler = new CheapRuler(40.021, 'meters');

	it('gives a user zones, refusing an id that is not a zone', async () => {
		expectApiError(await admin.send('PUT', '/api/auth/users/field1/zones', { body: JSON.stringify({ zones: [999999] }), headers: { 'content-type': 'application/json' } }), 400, 'zone.not-found');
		expectApiError(await admin.send('PUT', '/api/auth/users/field1/zones', { body: JSON.stringify({ zones: 'Z1' }), headers: { 'content-type': 'application/json' } }), 400, 'user.zones.invalid');
		const put = await admin.send('PUT', '/api/auth/users/field1/zones', { body: JSON.stringify({ zones: [zones.Z1] }), headers: { 'content-type': 'application/json' } });
		expect(put.status, put.text).toBe(200);
		expect((await admin.get('/api/auth/users/field1/zones')).body).toEqual({ username: 'field1', zones: [zones.Z1] });
		expect((await field1.get('/api/auth/me')).body.user).toMatchObject({ username: 'field1', zones: [zones.Z1], permissions: expect.arrayContaining(['edit:inspection']) });
		expect((await field2.get('/api/auth/me')).body.user.zones).toEqual([]);
		expectApiError(await field1.get('/api/auth/users/field1/zones'), 403, 'auth.forbidden');
	});

	it('stores the inspection and a case per finding, assigned with the deadline, linked both ways, with the patrol share', async () => {
		// A street across Zone One, 0.001° of longitude long; the track walks its first half.
		const a: [number, number] = [116.3505, 40.021], b: [number, number] = [116.3515, 40.021];
		await admin.create('road-segments', { type: 'LineString', coordinates: [a, b] }, { roadClass: 'alley' });
		const track = { type: 'LineString', coordinates: [a, [116.351, 40.021]] };
		const res = await inspect(field1, 'Z1', '2026-11-17T09:00:00+08:00', {
			scores: scores({ 'no-exposed-rubbish': 10, 'bins-intact': 6 }),
			note: 'Weekly round',
			findings: [
				{ itemKey: 'no-exposed-rubbish', geometry: { type: 'Point', coordinates: [116.3508, 40.0205] }, note: 'Rubbish behind the school', photos: [photo] },
				{ itemKey: 'bins-intact', geometry: { type: 'Point', coordinates: [116.3512, 40.0212] } }
			],
			track
		});
		expect(res.status, res.text).toBe(201);
		// 100 − 5 − 4 = 91 of 100.
		expect(res.body).toMatchObject({ templateVersion: 1, points: 91, maxPoints: 100, scorePct: 91 });
		expect(res.body.findings.map((f: { itemKey: string }) => f.itemKey)).toEqual(['no-exposed-rubbish', 'bins-intact']);
		// Walked: the half beside the track and 25 m past its end.
		const roadM = ruler.distance(a, b);
		expect(res.body.patrol.roadM).toBeCloseTo(roadM, 0);
		expect(res.body.patrol.walkedM).toBeCloseTo(roadM / 2 + 25, 0);
		expect(res.body.changeset.features.map((f: { kind: string }) => f.kind)).toEqual(['inspection', 'hotspot', 'hotspot']);
		recorded = res.body;

		const hotspot = (await admin.get(`/api/collections/hotspots/items/${res.body.findings[0].hotspotId}`)).body;
		expect(hotspot.properties).toMatchObject({
			status: 'assigned',
			responsible: 'Zhang San',
			zoneId: String(zones.Z1),
			inspectionId: res.body.id,
			inspectionItem: 'no-exposed-rubbish',
			photos: [photo],
			description: 'Rubbish behind the school',
			reportedAt: '2026-11-17T09:00:00+08:00',
			// Seven days (the rule) from the inspection.
			dueAt: '2026-11-24T01:00:00.000Z'
		});
		const detail = (await viewer.get(`/api/inspections/${res.body.id}`)).body;
		expect(detail).toMatchObject({ id: res.body.id, target: { collection: 'zones', id: zones.Z1, name: 'Zone One' }, inspector: 'field1', findingCount: 2, note: 'Weekly round', scorePct: 91 });
		expect(detail.track).toEqual(track);
		// The street drawn walked from its start to 25 m past the track's end, unwalked beyond.
		expect(detail.patrolLines.walked.coordinates).toHaveLength(1);
		expect(detail.patrolLines.walked.coordinates[0][0]).toEqual(a);
		expect(ruler.lineDistance(detail.patrolLines.walked.coordinates[0])).toBeCloseTo(roadM / 2 + 25, 0);
		expect(detail.patrolLines.unwalked.coordinates[0].at(-1)).toEqual(b);
		expect(detail.findings).toEqual([
			{ itemKey: 'no-exposed-rubbish', hotspotId: res.body.findings[0].hotspotId, status: 'assigned', dueAt: '2026-11-24T01:00:00.000Z' },
			{ itemKey: 'bins-intact', hotspotId: res.body.findings[1].hotspotId, status: 'assigned', dueAt: '2026-11-24T01:00:00.000Z' }
		]);
		expect(detail.items).toHaveLength(8);
	});

	it('lists inspections by target and period', async () => {
		const list = (await viewer.get(`/api/inspections?target=zones:${zones.Z1}`)).body.inspections;
		expect(list.map((i: { id: number }) => i.id)).toEqual([recorded.id]);
		expect((await viewer.get(`/api/inspections?target=zones:${zones.Z1}&from=2026-11-18`)).body.inspections).toEqual([]);
		expect((await viewer.get(`/api/inspections?target=zones:${zones.Z1}&from=2026-11-17&to=2026-11-18`)).body.inspections).toHaveLength(1);
		expectApiError(await viewer.get('/api/inspections?target=bins:1'), 400, 'inspection.target.invalid');
		expectApiError(await viewer.get('/api/inspections?from=soon'), 400, 'inspection.period-invalid');
		expectApiError(await viewer.get('/api/inspections?limit=0'), 400, 'inspection.limit');
		expect((await viewer.get('/api/inspections?limit=1')).body.inspections).toHaveLength(1);
		expectApiError(await viewer.get('/api/inspections/999999'), 404, 'inspection.not-found');
	});

	it('refuses field staff outside their zones with a 403 naming the zone, and lets them work inside', async () => {
		const before = await changesetCount();
		const res = await inspect(field1, 'Z2', '2026-11-17T10:00:00+08:00');
		expectApiError(res, 403, 'zone.forbidden');
		expect(res.body.message).toMatch(/Zone Two/);
		expect(res.body.details).toMatchObject({ zoneId: zones.Z2, zoneName: 'Zone Two', yourZones: [zones.Z1] });
		const bin = await field1.post('/api/collections/bins/items', { type: 'Feature', geometry: { type: 'Point', coordinates: [116.355, 40.021] } });
		expectApiError(bin, 403, 'zone.forbidden');
		expect(bin.body.message).toMatch(/Zone Two/);
		const batch = await field1.post('/api/edits', { edits: [{ type: 'create', collection: 'bins', feature: { type: 'Feature', geometry: { type: 'Point', coordinates: [116.355, 40.021] } } }] });
		expectApiError(batch, 403, 'zone.forbidden');
		expect(await changesetCount()).toBe(before);
		expect((await field1.post('/api/collections/bins/items', { type: 'Feature', geometry: { type: 'Point', coordinates: [116.351, 40.021] } })).status).toBe(201);
		// Moving a bin of one's zone out of it is refused too.
		const mine = (await field1.post('/api/collections/bins/items', { type: 'Feature', geometry: { type: 'Point', coordinates: [116.3511, 40.0211] } })).body;
		expectApiError(await field1.patch(`/api/collections/bins/items/${mine.id}`, { geometry: { type: 'Point', coordinates: [116.355, 40.021] } }, { 'if-match': `"${mine.version}"` }), 403, 'zone.forbidden');
		// Staff without zones, and planners, are not restricted.
		expect((await inspect(field2, 'Z2', '2026-11-17T11:00:00+08:00')).status).toBe(201);
		expect((await planner.post('/api/collections/bins/items', { type: 'Feature', geometry: { type: 'Point', coordinates: [116.355, 40.021] } })).status).toBe(201);
	});

	it('refuses bad input with an error naming the item, and stores nothing', async () => {
		const before = await changesetCount();
		const at = '2026-11-17T12:00:00+08:00';
		const unknown = await inspect(field2, 'Z2', at, { scores: { ...scores(), 'clean-toilets': 3 } });
		expectApiError(unknown, 400, 'inspection.item.unknown');
		expect(unknown.body.details.item).toBe('clean-toilets');
		const over = await inspect(field2, 'Z2', at, { scores: scores({ 'bins-intact': 11 }) });
		expectApiError(over, 400, 'inspection.points.out-of-range');
		expect(over.body.details.item).toBe('bins-intact');
		expect(over.body.message).toMatch(/0 to 10/);
		const noPhoto = await inspect(field2, 'Z2', at, { scores: scores({ 'drains-clear': 5 }), findings: [{ itemKey: 'drains-clear', geometry: { type: 'Point', coordinates: [116.355, 40.021] } }] });
		expectApiError(noPhoto, 400, 'inspection.photo.required');
		expect(noPhoto.body.details.item).toBe('drains-clear');
		const badFinding = await inspect(field2, 'Z2', at, { findings: [{ itemKey: 'nope', geometry: { type: 'Point', coordinates: [116.355, 40.021] } }] });
		expectApiError(badFinding, 400, 'inspection.item.unknown');
		expect(badFinding.body.details.item).toBe('nope');
		const missing = await field2.post('/api/inspections', { templateId: zoneTemplate.id, target: { collection: 'zones', id: 999999 }, inspectedAt: at, scores: scores() });
		expectApiError(missing, 404, 'inspection.target.not-found');
		expectApiError(await field2.post('/api/inspections', { templateId: 999999, target: { collection: 'zones', id: zones.Z2 }, inspectedAt: at, scores: {} }), 404, 'inspection.template.not-found');
		expectApiError(await field2.post('/api/inspections', { templateId: zoneTemplate.id, target: { collection: 'shops', id: 1 }, inspectedAt: at, scores: {} }), 400, 'inspection.target.mismatch');
		expectApiError(await inspect(field2, 'Z2', '2027-01-01T00:00:00+08:00'), 400, 'inspection.inspected-at');
		expectApiError(await inspect(field2, 'Z2', 'yesterday'), 400, 'inspection.inspected-at');
		expectApiError(await inspect(field2, 'Z2', at, { track: { type: 'Point', coordinates: [116.355, 40.021] } }), 400, 'inspection.track');
		expectApiError(await inspect(field2, 'Z2', at, { findings: [{ itemKey: 'bins-intact', geometry: { type: 'Point', coordinates: [116.355, 40.021] }, photos: ['no-such-photo'] }] }), 400, 'photo.not-found');
		expectApiError(await viewer.post('/api/inspections', {}), 403, 'auth.forbidden');
		expect(await changesetCount()).toBe(before);
	});

	it('is an edit of POST /api/edits too, and one undo takes back the inspection and its cases', async () => {
		const res = await field2.post('/api/edits', {
			edits: [
				{
					type: 'record-inspection',
					templateId: zoneTemplate.id,
					target: { collection: 'zones', id: zones.Z2 },
					inspectedAt: '2026-11-17T13:00:00+08:00',
					scores: scores({ 'bins-intact': 0 }),
					findings: [{ itemKey: 'bins-intact', geometry: { type: 'Point', coordinates: [116.355, 40.021] }, note: 'Lid missing' }]
				}
			]
		});
		expect(res.status, res.text).toBe(201);
		const [inspection, hotspot] = res.body.features;
		expect(inspection).toMatchObject({ collection: 'inspections', properties: { scorePct: 90, targetId: zones.Z2 } });
		expect(hotspot).toMatchObject({ collection: 'hotspots', properties: { inspectionId: inspection.id, status: 'assigned', responsible: 'Li Si' } });
		expect((await viewer.get(`/api/inspections/${inspection.id}`)).body.findings).toHaveLength(1);
		const bad = await field2.post('/api/edits', { edits: [{ type: 'record-inspection', templateId: zoneTemplate.id, target: { collection: 'zones', id: zones.Z2 }, inspectedAt: '2026-11-17T13:00:00+08:00', scores: { x: 1 } }] });
		expectApiError(bad, 400, 'inspection.item.unknown');
		expect(bad.body.details).toMatchObject({ item: 'x', index: 0 });

		const undo = await field2.post(`/api/changesets/${res.body.changeset.id}/revert`, '');
		expect(undo.status, undo.text).toBe(201);
		expect(undo.body.features.map((f: { collection: string; deleted: boolean }) => [f.collection, f.deleted])).toEqual([
			['inspections', true],
			['hotspots', true]
		]);
		expectApiError(await viewer.get(`/api/inspections/${inspection.id}`), 404, 'inspection.not-found');
		expect((await viewer.get(`/api/collections/hotspots/items/${hotspot.id}`)).status).toBe(404);
	});
});

describe('zone levels', () => {
	it('checks parentId: it must be a zone, and not one below the zone', async () => {
		const alpha = (await admin.get(`/api/collections/zones/items/${zones.Alpha}`)).body;
		const cycle = await admin.patch(`/api/collections/zones/items/${zones.Alpha}`, { properties: { parentId: zones.Charlie } }, { 'if-match': `"${alpha.version}"` });
		expectApiError(cycle, 409, 'zone.parent.cycle');
		expectApiError(await admin.patch(`/api/collections/zones/items/${zones.Alpha}`, { properties: { parentId: 999999 } }, { 'if-match': `"${alpha.version}"` }), 400, 'zone.parent.not-found');
		expectApiError(await admin.post('/api/edits', { edits: [{ type: 'patch', collection: 'zones', id: zones.Alpha, version: alpha.version, feature: { properties: { parentId: zones.Alpha } } }] }), 409, 'zone.parent.cycle');
		expectApiError(await admin.post('/api/collections/zones/items', { type: 'Feature', geometry: square(116.4, 40), properties: { parentId: 999999 } }), 400, 'zone.parent.not-found');
	});
});

describe('the ranking board', () => {
	let alphaCase: number;
	beforeAll(async () => {
		const post = async (zone: string, inspectedAt: string, overrides: Record<string, number>, findings?: unknown[]) => {
			const res = await inspect(admin, zone, inspectedAt, { scores: scores(overrides), ...(findings ? { findings } : {}) });
			expect(res.status, res.text).toBe(201);
			return res.body;
		};
		// October in Shanghai: Alpha 80 at 23:30 on 31 October.
		await post('Alpha', '2026-10-31T15:30:00Z', { 'daily-clearance': 0, 'frontage-duties': 5 });
		// 17:30Z on 31 October is 01:30 on 1 November in Shanghai: November. Alpha 90, with a finding.
		const a = await post('Alpha', '2026-10-31T17:30:00Z', { 'daily-clearance': 5 }, [{ itemKey: 'daily-clearance', geometry: { type: 'Point', coordinates: [116.351, 40.001] } }]);
		alphaCase = a.findings[0].hotspotId;
		await post('Charlie', '2026-11-06T10:00:00+08:00', { 'roads-clean': 5 }); // 90, rolls up into Alpha
		await post('Bravo', '2026-11-10T10:00:00+08:00', { 'vector-control': 5 }); // 90: ties with Alpha
		await post('Echo', '2026-11-17T09:00:00+08:00', { 'daily-clearance': 0, 'roads-clean': 0 }); // 70
	}, 60_000);

	it('ranks the month in Shanghai time: shared ranks, the not-inspected zone last, change, red list, roll-up', async () => {
		const res = await viewer.get(`/api/rankings?period=month&at=2026-11-10&parent=${zones.P}`);
		expect(res.status, res.text).toBe(200);
		expect(res.body).toMatchObject({
			period: 'month',
			from: '2026-11-01T00:00:00+08:00',
			to: '2026-12-01T00:00:00+08:00',
			timeZone: 'Asia/Shanghai',
			previous: { from: '2026-10-01T00:00:00+08:00', to: '2026-11-01T00:00:00+08:00' }
		});
		expect(res.body.zones.map((z: { name: string; score: number; rank: number; inspections: number; change: number | null }) => [z.name, z.score, z.rank, z.inspections, z.change])).toEqual([
			['Alpha', 90, 1, 2, 10],
			['Bravo', 90, 1, 1, null],
			['Echo', 70, 3, 1, null],
			['Delta', null, null, 0, null]
		]);
		expect(res.body.zones[0]).toMatchObject({ parentId: zones.P, findings: 1, closedPct: 0, closedOnTimePct: 0 });
		expect(res.body.red).toEqual([zones.Alpha, zones.Bravo, zones.Echo]);
		expect(res.body.black).toEqual([]);
		// October holds only the inspection of 23:30 on 31 October.
		const october = (await viewer.get(`/api/rankings?period=month&at=2026-10-15&parent=${zones.P}`)).body;
		expect(october.zones[0]).toMatchObject({ name: 'Alpha', score: 80, inspections: 1 });
		// One level down: Alpha's children only.
		expect((await viewer.get(`/api/rankings?period=month&at=2026-11-10&parent=${zones.Alpha}`)).body.zones).toMatchObject([{ name: 'Charlie', score: 90, rank: 1 }]);
		// The top level rolls the parish up over its whole subtree: (90 + 90 + 90 + 70) / 4 = 85.
		const top = (await viewer.get('/api/rankings?period=month&at=2026-11-10')).body;
		expect(top.zones.find((z: { zoneId: number }) => z.zoneId === zones.P)).toMatchObject({ score: 85, inspections: 4 });
		expect(top.zones.some((z: { zoneId: number }) => z.zoneId === zones.Alpha)).toBe(false);
		// A week: only Echo was inspected in the week of 16 November.
		expect((await viewer.get(`/api/rankings?period=week&at=2026-11-17&parent=${zones.P}`)).body.zones.map((z: { rank: number | null }) => z.rank)).toEqual([1, null, null, null]);
	});

	it('counts a finding closed, and late, once its case is resolved after its deadline', async () => {
		const h = (await admin.get(`/api/collections/hotspots/items/${alphaCase}`)).body;
		const moved = await admin.post(`/api/hotspots/${alphaCase}/transition`, { to: 'resolved', version: h.version, note: 'Cleared', photoIds: [photo] });
		expect(moved.status, moved.text).toBe(200);
		const alpha = (await viewer.get(`/api/rankings?period=month&at=2026-11-10&parent=${zones.P}`)).body.zones[0];
		// Due 7 November 17:30Z, resolved on 18 November: closed, not on time.
		expect(alpha).toMatchObject({ findings: 1, closedPct: 100, closedOnTimePct: 0 });
	});

	it("gives the campaign report its period's ranking", async () => {
		const res = await viewer.get('/report/__data.json?from=2026-11-01&to=2026-12-01');
		expect(res.status, res.text).toBe(200);
		// The page data (devalue) names the ranking's fields.
		expect(res.text).toContain('closedOnTimePct');
		expect(res.text).toContain('2026-11-01T00:00:00+08:00');
	});

	it('refuses a period, a day or a parent it does not know', async () => {
		expectApiError(await viewer.get('/api/rankings?period=year'), 400, 'ranking.period');
		expectApiError(await viewer.get('/api/rankings?at=18/11/2026'), 400, 'inspection.at');
		expectApiError(await viewer.get('/api/rankings?parent=999999'), 404, 'zone.not-found');
		expectApiError(await viewer.get('/api/rankings/bulletin.csv?lang=fr'), 400, 'report.lang');
	});

	it('prints the bulletin as CSV in both languages', async () => {
		const en = await viewer.get(`/api/rankings/bulletin.csv?period=month&at=2026-11-10&parent=${zones.P}&lang=en`);
		expect(en.status).toBe(200);
		expect(en.headers.get('content-type')).toMatch(/^text\/csv/);
		const lines = en.text.replace(/^\uFEFF/, '').trim().split('\r\n');
		expect(lines[0]).toBe('rank,zoneId,zone,score,change,inspections,findings,closedPct,closedOnTimePct,list,from,to');
		expect(lines.slice(1).map((l) => l.split(',').slice(0, 10))).toEqual([
			['1', String(zones.Alpha), 'Alpha', '90', '10', '2', '1', '100', '0', 'Red list (best)'],
			['1', String(zones.Bravo), 'Bravo', '90', '', '1', '0', '', '', 'Red list (best)'],
			['3', String(zones.Echo), 'Echo', '70', '', '1', '0', '', '', 'Red list (best)'],
			['', String(zones.Delta), 'Delta', '', '', '0', '0', '', '', 'Not inspected']
		]);
		const zh = await viewer.get(`/api/rankings/bulletin.csv?period=month&at=2026-11-10&parent=${zones.P}&lang=zh`);
		expect(zh.text).toMatch(/红榜/);
		expect(zh.text).toMatch(/未检查/);
	});

	it('prints the bulletin as an A4 PDF in Chinese and in English', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'sanimap-bulletin-'));
		try {
			for (const [lang, words] of [
				// Without a CJK font on the machine, pdftotext can lose the first glyph of a line: match inside lines.
				['zh', ['卫生检查评比通报', '红榜', '黑榜', 'Alpha', 'Echo', '未检查', '按期结案率']],
				['en', ['Sanitation inspection ranking bulletin', 'Red list', 'Alpha', 'Delta', 'Not inspected', 'Closed on time']]
			] as const) {
				const res = await fetch(`${server.url}/api/rankings/bulletin.pdf?period=month&at=2026-11-10&parent=${zones.P}&lang=${lang}`);
				expect(res.status, await res.clone().text()).toBe(200);
				expect(res.headers.get('content-type')).toBe('application/pdf');
				const file = join(dir, `${lang}.pdf`);
				writeFileSync(file, Buffer.from(await res.arrayBuffer()));
				// pdftotext breaks lines inside table cells: compare words, not layout.
				const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
				for (const w of words) expect(text, `${lang}: ${w}`).toContain(w);
				expect(execFileSync('pdfinfo', [file], { encoding: 'utf8' })).toMatch(/Page size:\s+59\d(\.\d+)? x 84\d(\.\d+)? pts/);
			}
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	}, 120_000);
});

describe('the due list and shop frontage', () => {
	it('says which zones are ok, due and overdue for their weekly inspection, and lists one’s own', async () => {
		const res = await viewer.get('/api/inspections/due?at=2026-11-18');
		expect(res.status, res.text).toBe(200);
		const row = (zone: string) => res.body.zones.find((z: { zoneId: number; templateId: number }) => z.zoneId === zones[zone] && z.templateId === zoneTemplate.id);
		expect(row('Echo')).toMatchObject({ state: 'ok', cadence: 'weekly', dueBy: '2026-11-30T00:00:00+08:00', lastInspectedAt: '2026-11-17T09:00:00+08:00' });
		expect(row('Bravo')).toMatchObject({ state: 'due', dueBy: '2026-11-23T00:00:00+08:00' });
		expect(row('Alpha')).toMatchObject({ state: 'overdue', dueBy: '2026-11-16T00:00:00+08:00', lastInspectedAt: '2026-11-01T01:30:00+08:00' });
		expect(row('Delta')).toMatchObject({ state: 'overdue', lastInspectedAt: null });
		expect(res.body.zones[0].state).toBe('overdue');
		const mine = (await field1.get('/api/inspections/due?at=2026-11-18&mine=1')).body.zones.filter((z: { templateId: number }) => z.templateId === zoneTemplate.id);
		expect(mine.map((z: { zoneId: number }) => z.zoneId)).toEqual([zones.Z1]);
		expect(mine[0].state).toBe('ok');
		expectApiError(await apiClient(server.url).get('/api/inspections/due?mine=1'), 401, 'auth.required');
		expectApiError(await viewer.get('/api/inspections/due?at=tomorrow'), 400, 'inspection.at');
	});

	it("gives each shop's latest frontage result and the signed shops that failed twice this quarter", async () => {
		const signed = (await admin.create('shops', { type: 'Point', coordinates: [116.3503, 40.0203] }, { name: 'Corner shop', frontageContract: '2026-01-10' })).id;
		const unsigned = (await admin.create('shops', { type: 'Point', coordinates: [116.3504, 40.0204] }, { name: 'Stall' })).id;
		const check = async (shop: number, inspectedAt: string, overrides: Record<string, number>) => {
			const res = await admin.post('/api/inspections', { templateId: shopTemplate.id, target: { collection: 'shops', id: shop }, inspectedAt, scores: { 'frontage-clean': 40, 'frontage-order': 30, 'frontage-fixtures': 30, ...overrides } });
			expect(res.status, res.text).toBe(201);
			return res.body;
		};
		await check(signed, '2026-09-20T10:00:00+08:00', { 'frontage-order': 0 }); // last quarter
		await check(signed, '2026-10-05T10:00:00+08:00', { 'frontage-order': 0 }); // 70: failed
		const last = await check(signed, '2026-11-03T10:00:00+08:00', { 'frontage-fixtures': 0 }); // 70: failed
		await check(unsigned, '2026-10-06T10:00:00+08:00', { 'frontage-order': 0 });
		await check(unsigned, '2026-11-04T10:00:00+08:00', { 'frontage-order': 0 });
		const res = (await viewer.get('/api/shops/frontage?at=2026-11-18')).body;
		expect(res).toMatchObject({ from: '2026-10-01T00:00:00+08:00', to: '2027-01-01T00:00:00+08:00', timeZone: 'Asia/Shanghai' });
		expect(res.shops.find((s: { shopId: number }) => s.shopId === signed)).toEqual({
			shopId: signed,
			name: 'Corner shop',
			signed: true,
			latest: { inspectionId: last.id, inspectedAt: '2026-11-03T10:00:00+08:00', scorePct: 70, passed: false },
			failsThisQuarter: 2
		});
		expect(res.shops.find((s: { shopId: number }) => s.shopId === unsigned)).toMatchObject({ signed: false, failsThisQuarter: 2 });
		expect(res.failedTwice).toEqual([signed]);
		// The shop's inspection knows the zone it lies in.
		expect((await viewer.get(`/api/inspections?target=shops:${signed}`)).body.inspections).toHaveLength(3);
	});
});

describe('the API document', () => {
	it('lists the work cycle', async () => {
		const doc = (await viewer.get('/api/api')).body;
		for (const path of ['/inspection-templates', '/inspection-templates/{templateId}', '/inspections', '/inspections/{inspectionId}', '/inspections/due', '/rankings', '/rankings/bulletin.pdf', '/rankings/bulletin.csv', '/shops/frontage', '/auth/users/{username}/zones']) {
			expect(doc.paths[path], path).toBeDefined();
		}
	});
});
