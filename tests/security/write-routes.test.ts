/**
 * Every write endpoint that exists, found by reading src/routes (not from a list someone must
 * remember to update): each is classified below, and an unclassified one fails this test, so a
 * new write route cannot ship without deciding who may call it. Against the real server, every
 * route that needs a user answers 401 without a session and 403 to a viewer, storing nothing.
 * The full role × endpoint matrix is tests/api/permissions.test.ts; this makes sure it stays complete.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, expectApiError, type ApiClient } from '../api/api-client';
import { appRoot, type RunningServer } from '../helpers/server';
import { startSafetyServer, withReadOnlyDb } from '../safety/support';

type Gate =
	/** Needs a signed-in user with a role that may write (viewers may not). */
	| 'writer'
	/** Needs any signed-in user, viewers included (their own password). */
	| 'user'
	/** Open by design. */
	| 'open';

const CLASSIFIED: Record<string, { gate: Gate; why?: string }> = {
	'POST /api/collections/[collectionId]/items': { gate: 'writer' },
	'PATCH /api/collections/[collectionId]/items/[featureId]': { gate: 'writer' },
	'DELETE /api/collections/[collectionId]/items/[featureId]': { gate: 'writer' },
	'POST /api/collections/road-segments/items/[featureId]/split': { gate: 'writer' },
	'POST /api/changesets/[changesetId]/revert': { gate: 'writer' },
	'POST /api/edits': { gate: 'writer' },
	'POST /api/hotspots': { gate: 'writer' },
	'POST /api/hotspots/[hotspotId]/transition': { gate: 'writer' },
	'POST /api/photos': { gate: 'writer' },
	'POST /api/analysis/sites/accept': { gate: 'writer' },
	'PUT /api/rules': { gate: 'writer' },
	'POST /api/import': { gate: 'writer' },
	'POST /api/import/[token]/preview': { gate: 'writer' },
	'POST /api/import/[token]/commit': { gate: 'writer' },
	'DELETE /api/import/[token]': { gate: 'writer' },
	'POST /api/auth/users': { gate: 'writer' },
	'PATCH /api/auth/users/[username]': { gate: 'writer' },
	'PUT /api/auth/users/[username]/zones': { gate: 'writer' },
	'POST /api/inspections': { gate: 'writer' },
	'POST /api/inspection-templates': { gate: 'writer' },
	'PATCH /api/inspection-templates/[templateId]': { gate: 'writer' },
	'POST /api/auth/password': { gate: 'user' },
	'POST /api/auth/login': { gate: 'open', why: 'signing in' },
	'POST /api/auth/logout': { gate: 'open', why: 'ends only the caller’s own session' },
	'POST /api/analysis/sites': { gate: 'open', why: 'computes suggestions, stores nothing (POST for its body); its exact mode needs a planner, tested below' },
	'POST /api/[...rest]': { gate: 'open', why: '404 for unknown API paths' },
	'PUT /api/[...rest]': { gate: 'open', why: '404 for unknown API paths' },
	'PATCH /api/[...rest]': { gate: 'open', why: '404 for unknown API paths' },
	'DELETE /api/[...rest]': { gate: 'open', why: '404 for unknown API paths' }
};

const WRITE_METHODS = ['POST', 'PUT', 'PATCH', 'DELETE'];

/** `METHOD /route/id` for every write handler exported by a +server.ts, and every form action of a page. */
function writeRoutes(): string[] {
	const routes = join(appRoot, 'src', 'routes');
	const found: string[] = [];
	for (const file of readdirSync(routes, { recursive: true }).map(String)) {
		const name = file.split(sep).pop();
		if (name !== '+server.ts' && name !== '+server.js') continue;
		const source = readFileSync(join(routes, file), 'utf8');
		const id = '/' + relative(routes, join(routes, file)).split(sep).slice(0, -1).join('/');
		for (const m of WRITE_METHODS) if (new RegExp(`export\\s+(const|async function|function)\\s+${m}\\b`).test(source)) found.push(`${m} ${id}`);
	}
	return found.sort();
}

const concrete = (id: string) =>
	id
		.replace('[collectionId]', 'bins')
		.replace('[featureId]', '999999')
		.replace('[changesetId]', '1')
		.replace('[hotspotId]', '999999')
		.replace('[token]', 'no-such-import')
		.replace('[username]', 'nobody')
		.replace('[templateId]', '999999')
		.replace('[...rest]', 'no-such-endpoint');

let server: RunningServer;
let anonymous: ApiClient;
let viewer: ApiClient;
const stored = () =>
	withReadOnlyDb(server.dbPath, (db) => ['changesets', 'features', 'users', 'settings', 'photos', 'inspection_templates', 'inspection_template_versions', 'user_zones'].map((t) => db.prepare(`SELECT count(*) FROM ${t}`).pluck().get()));

beforeAll(async () => {
	server = await startSafetyServer({ seed: true });
	anonymous = apiClient(server.url);
	viewer = apiClient(server.url, (await server.createUser('vera', 'viewer')).token);
});
afterAll(() => server?.stop());

describe('write routes', () => {
	it('are all classified (a new one must be added here and to tests/api/permissions.test.ts)', () => {
		expect(writeRoutes()).toEqual(Object.keys(CLASSIFIED).sort());
	});

	const gated = Object.entries(CLASSIFIED).filter(([, c]) => c.gate !== 'open');
	it.each(gated)('%s: 401 without a session, nothing stored', async (route) => {
		const [method, id] = route.split(' ');
		const before = stored();
		const res = await anonymous.send(method, concrete(id), { body: method === 'DELETE' ? undefined : '{}', headers: { 'content-type': 'application/json' } });
		expectApiError(res, 401, 'auth.required');
		expect(stored()).toEqual(before);
	});

	it.each(gated.filter(([, c]) => c.gate === 'writer'))('%s: 403 for a viewer, nothing stored', async (route) => {
		const [method, id] = route.split(' ');
		const before = stored();
		const res = await viewer.send(method, concrete(id), { body: method === 'DELETE' ? undefined : '{}', headers: { 'content-type': 'application/json' } });
		expectApiError(res, 403, 'auth.forbidden');
		expect(stored()).toEqual(before);
	});

	it('keeps the costly exact site solver from anonymous callers and viewers, refusing before it starts', async () => {
		// Large enough to keep a CPU busy for the full 30 s time limit, were it run.
		const body = { count: 100, spacing: 2, radius: 1000, exact: true, timeLimit: 30 };
		const started = Date.now();
		expectApiError(await anonymous.post('/api/analysis/sites', body), 401, 'auth.required');
		expectApiError(await viewer.post('/api/analysis/sites', body), 403, 'auth.forbidden');
		expect(Date.now() - started).toBeLessThan(10_000);
	});

	it('lets an open compute endpoint store nothing', async () => {
		const before = stored();
		const res = await anonymous.post('/api/analysis/sites', { count: 3 });
		expect(res.status, res.text).toBeLessThan(500);
		expect(stored()).toEqual(before);
	});
});
