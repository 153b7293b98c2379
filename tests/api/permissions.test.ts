/**
 * The permission matrix against the real server: every role (and no session at all) × every
 * write endpoint. A role the table allows gets through (a 2xx for the feature writes, at least
 * past the permission check for the others); any other role gets 403 `auth.forbidden`, no
 * session 401 `auth.required`, and nothing is stored by a refused write.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer, type TestRole } from '../helpers/server';
import { apiClient, expectApiError, type ApiClient, type ApiFeature } from './api-client';

type Who = TestRole | 'none';
const WHO: Who[] = ['admin', 'planner', 'field', 'viewer', 'none'];

/** Which roles may take each action: the table of src/lib/server/auth/permissions.ts, restated. */
const ALLOWED: Record<string, TestRole[]> = {
	asset: ['admin', 'planner', 'field'],
	zone: ['admin', 'planner'],
	rules: ['admin', 'planner'],
	inspection: ['admin', 'planner', 'field'],
	templates: ['admin', 'planner'],
	import: ['admin', 'planner'],
	exact: ['admin', 'planner'],
	users: ['admin']
};

const GEOMETRY = {
	Point: { type: 'Point', coordinates: [116.35, 40.0] },
	LineString: { type: 'LineString', coordinates: [[116.35, 40.0], [116.351, 40.0]] },
	Polygon: { type: 'Polygon', coordinates: [[[116.35, 40.0], [116.36, 40.0], [116.36, 40.01], [116.35, 40.0]]] }
};
const FEATURE_COLLECTIONS = [
	{ id: 'bins', geometry: 'Point', action: 'asset' },
	{ id: 'collection-points', geometry: 'Point', action: 'asset' },
	{ id: 'display-boards', geometry: 'Point', action: 'asset' },
	{ id: 'shops', geometry: 'Point', action: 'asset' },
	{ id: 'hotspots', geometry: 'Point', action: 'asset' },
	{ id: 'drains', geometry: 'LineString', action: 'asset' },
	{ id: 'road-segments', geometry: 'LineString', action: 'asset' },
	{ id: 'zones', geometry: 'Polygon', action: 'zone' }
] as const;

let server: RunningServer;
let admin: ApiClient;
const clients = {} as Record<Who, ApiClient>;

beforeAll(async () => {
	server = await startServer();
	admin = apiClient(server.url, await server.login());
	clients.admin = admin;
	for (const role of ['planner', 'field', 'viewer'] as const) clients[role] = apiClient(server.url, (await server.createUser(`${role}1`, role)).token);
	clients.none = apiClient(server.url);
});

afterAll(() => server?.stop());

const changesetCount = async () => (await admin.get('/api/changesets?limit=500')).body.changesets.length;

/** Checks one answer against the matrix; `strict`: an allowed role must succeed, not just pass the check. */
function expectVerdict(res: { status: number; text: string; body: any; headers: Headers }, who: Who, allowed: TestRole[], strict: boolean) {
	if (who === 'none') return expectApiError(res as never, 401, 'auth.required');
	if (!allowed.includes(who)) return expectApiError(res as never, 403, 'auth.forbidden');
	if (strict) expect(res.status, `${who}: ${res.text}`).toBeGreaterThanOrEqual(200);
	if (strict) expect(res.status, `${who}: ${res.text}`).toBeLessThan(300);
	else expect([401, 403], `${who} was refused: ${res.text}`).not.toContain(res.status);
}

describe.each(FEATURE_COLLECTIONS)('feature writes on $id', ({ id, geometry, action }) => {
	const items = `/api/collections/${id}/items`;
	const create = async () => (await admin.create(id, GEOMETRY[geometry])) as ApiFeature;

	it.each(WHO)('POST as %s', async (who) => {
		const before = await changesetCount();
		const res = await clients[who].post(items, { type: 'Feature', geometry: GEOMETRY[geometry] });
		expectVerdict(res, who, ALLOWED[action], true);
		if (res.status < 300) expect(res.body.collection).toBe(id);
		else expect(await changesetCount()).toBe(before);
	});

	it.each(WHO)('PATCH as %s', async (who) => {
		const feature = await create();
		const res = await clients[who].patch(`${items}/${feature.id}`, { properties: { name: `renamed by ${who}` } }, { 'if-match': `"${feature.version}"` });
		expectVerdict(res, who, ALLOWED[action], true);
		const stored = (await admin.get(`${items}/${feature.id}`)).body;
		expect(stored.version).toBe(res.status < 300 ? feature.version + 1 : feature.version);
	});

	it.each(WHO)('DELETE as %s', async (who) => {
		const feature = await create();
		const res = await clients[who].del(`${items}/${feature.id}`, { 'if-match': `"${feature.version}"` });
		expectVerdict(res, who, ALLOWED[action], true);
		expect((await admin.get(`${items}/${feature.id}`)).status).toBe(res.status < 300 ? 404 : 200);
	});

	it.each(WHO)('undo (revert) as %s', async (who) => {
		const feature = await create();
		const res = await clients[who].post(`/api/changesets/${feature.changesetId}/revert`, '');
		expectVerdict(res, who, ALLOWED[action], true);
		expect((await admin.get(`${items}/${feature.id}`)).status).toBe(res.status < 300 ? 404 : 200);
	});
});

describe.each(FEATURE_COLLECTIONS)('a batch of edits (POST /api/edits) creating and editing $id', ({ id, geometry, action }) => {
	it.each(WHO)('as %s', async (who) => {
		const before = await changesetCount();
		const feature = (await admin.create(id, GEOMETRY[geometry])) as ApiFeature;
		const res = await clients[who].post('/api/edits', {
			edits: [
				{ type: 'create', collection: id, feature: { type: 'Feature', geometry: GEOMETRY[geometry] } },
				{ type: 'patch', collection: id, id: feature.id, version: feature.version, feature: { properties: { name: `batch by ${who}` } } }
			]
		});
		expectVerdict(res, who, ALLOWED[action], true);
		expect(await changesetCount()).toBe(before + (res.status < 300 ? 2 : 1));
	});
});

describe('a batch of edits needs the permission for every kind in it', () => {
	it('a field user may not slip a zone into a batch of bins; nothing of the batch is stored', async () => {
		const before = await changesetCount();
		const res = await clients.field.post('/api/edits', {
			edits: [
				{ type: 'create', collection: 'bins', feature: { type: 'Feature', geometry: GEOMETRY.Point } },
				{ type: 'create', collection: 'zones', feature: { type: 'Feature', geometry: GEOMETRY.Polygon } }
			]
		});
		expectApiError(res, 403, 'auth.forbidden');
		expect(await changesetCount()).toBe(before);
	});
});

describe('undoing a changeset needs the permission for every kind in it', () => {
	it('a field user may not undo the creation of a zone, a planner may', async () => {
		const zone = await admin.create('zones', GEOMETRY.Polygon);
		expectApiError(await clients.field.post(`/api/changesets/${zone.changesetId}/revert`, ''), 403, 'auth.forbidden');
		expect((await clients.planner.post(`/api/changesets/${zone.changesetId}/revert`, '')).status).toBe(201);
	});

	it('an unknown changeset is 401 without a session and 404 with one', async () => {
		expectApiError(await clients.none.post('/api/changesets/999999/revert', ''), 401, 'auth.required');
		expectApiError(await clients.field.post('/api/changesets/999999/revert', ''), 404, 'changeset.not-found');
	});
});

/**
 * The other write endpoints. Their bodies here are deliberately empty or point at nothing, so an
 * allowed role meets a 4xx about its input, never a 401/403: what is checked is the gate.
 */
const OTHER_WRITES: { name: string; method: string; path: string; body?: unknown; action: keyof typeof ALLOWED }[] = [
	{ name: 'split a road segment', method: 'POST', path: '/api/collections/road-segments/items/999999/split', body: {}, action: 'asset' },
	{ name: 'report a hotspot', method: 'POST', path: '/api/hotspots', body: {}, action: 'asset' },
	{ name: 'move a hotspot through its cases', method: 'POST', path: '/api/hotspots/999999/transition', body: {}, action: 'asset' },
	{ name: 'upload a photo', method: 'POST', path: '/api/photos', body: {}, action: 'asset' },
	{ name: 'accept suggested bin sites', method: 'POST', path: '/api/analysis/sites/accept', body: {}, action: 'asset' },
	{ name: 'change the rules', method: 'PUT', path: '/api/rules', body: { rules: 'not rules' }, action: 'rules' },
	{ name: 'upload an import', method: 'POST', path: '/api/import', body: {}, action: 'import' },
	{ name: 'preview an import', method: 'POST', path: '/api/import/no-such-import/preview', body: {}, action: 'import' },
	{ name: 'commit an import', method: 'POST', path: '/api/import/no-such-import/commit', body: {}, action: 'import' },
	{ name: 'drop an import', method: 'DELETE', path: '/api/import/no-such-import', action: 'import' },
	{ name: 'run the exact site solver', method: 'POST', path: '/api/analysis/sites', body: { count: 1, exact: true, timeLimit: 1 }, action: 'exact' },
	{ name: 'list users', method: 'GET', path: '/api/auth/users', action: 'users' },
	{ name: 'add a user', method: 'POST', path: '/api/auth/users', body: { username: '' }, action: 'users' },
	{ name: 'change a user', method: 'PATCH', path: '/api/auth/users/nobody', body: {}, action: 'users' },
	{ name: "give a user zones", method: 'PUT', path: '/api/auth/users/nobody/zones', body: {}, action: 'users' },
	{ name: 'record an inspection', method: 'POST', path: '/api/inspections', body: {}, action: 'inspection' },
	{ name: 'add an inspection template', method: 'POST', path: '/api/inspection-templates', body: {}, action: 'templates' },
	{ name: 'change an inspection template', method: 'PATCH', path: '/api/inspection-templates/999999', body: {}, action: 'templates' }
];

describe.each(OTHER_WRITES)('$name ($method $path)', ({ method, path, body, action }) => {
	it.each(WHO)('as %s', async (who) => {
		const before = await changesetCount();
		const res = await clients[who].send(method, path, body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
		expectVerdict(res, who, ALLOWED[action], false);
		if (res.status === 401 || res.status === 403) expect(await changesetCount()).toBe(before);
	});
});

describe('what a viewer and a field user are told', () => {
	it('names the role and what it may not do', async () => {
		const res = await clients.field.post('/api/collections/zones/items', { type: 'Feature', geometry: GEOMETRY.Polygon });
		expectApiError(res, 403, 'auth.forbidden');
		expect(res.body.message).toMatch(/field/);
		expect(res.body.details).toEqual({ action: 'edit:zone', role: 'field' });
	});

	it('tells an anonymous writer how to sign in', async () => {
		const res = await clients.none.post('/api/collections/bins/items', { type: 'Feature', geometry: GEOMETRY.Point });
		expectApiError(res, 401, 'auth.required');
		expect(res.body.message).toMatch(/Bearer/);
	});
});
