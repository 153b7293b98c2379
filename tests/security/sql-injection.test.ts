/**
 * SQL injection: every filter parameter of every read endpoint, and every path parameter, gets
 * classic injection strings. Every answer must be a 2xx or a 4xx (never a 500 from broken SQL),
 * a property filter with an injection string matches nothing (it is compared as a value, not run),
 * and afterwards every table is as it was. The queries are Drizzle's, parameterised; this checks
 * that no hand-written `sql` fragment splices text in.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KINDS, fieldsOf } from '../../src/lib/domain/kinds';
import { apiClient, point, type ApiClient } from '../api/api-client';
import type { RunningServer } from '../helpers/server';
import { startSafetyServer, withReadOnlyDb } from '../safety/support';

const PAYLOADS = [
	"' OR '1'='1",
	"' OR 1=1 --",
	'" OR "1"="1',
	"1; DROP TABLE features; --",
	"x'); DELETE FROM users; --",
	"1 UNION SELECT sql, sql, sql FROM sqlite_master --",
	"$.name') OR 1=1 --",
	"%' OR '%'='",
	"') OR json_extract(properties, '$.name') IS NOT NULL --",
	'\\\'; SELECT load_extension(\'x\'); --'
];

let server: RunningServer;
let anonymous: ApiClient;
let admin: ApiClient;
let before: Record<string, number>;

function tableCounts(dbPath: string): Record<string, number> {
	return withReadOnlyDb(dbPath, (db) => {
		const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'features_rtree%' ORDER BY name").pluck().all() as string[];
		return Object.fromEntries(tables.map((t) => [t, db.prepare(`SELECT count(*) FROM "${t}"`).pluck().get() as number]));
	});
}

beforeAll(async () => {
	server = await startSafetyServer({ seed: true });
	anonymous = apiClient(server.url);
	admin = apiClient(server.url, await server.login());
	before = tableCounts(server.dbPath);
});

afterAll(() => server?.stop());

function expectNoServerError(res: { status: number; text: string }, what: string) {
	expect(res.status, `${what}: ${res.text.slice(0, 300)}`).toBeLessThan(500);
	expect(res.text, what).not.toMatch(/SQLITE_[A-Z]|SqliteError|syntax error|no such (table|column)/);
}

describe('injection strings in every property filter of every layer', () => {
	const cases = KINDS.flatMap((def) => fieldsOf(def).map((f) => [def.collection, f.key] as const));
	it.each(cases)('%s ?%s=… matches nothing and breaks nothing', async (collection, key) => {
		for (const payload of PAYLOADS) {
			const res = await anonymous.get(`/api/collections/${collection}/items?${new URLSearchParams({ [key]: payload })}`);
			expectNoServerError(res, `${collection} ${key}=${payload}`);
			if (res.status === 200) expect(res.body.numberMatched, `${collection} ${key}=${payload}`).toBe(0);
		}
	});
});

describe('injection strings in the other query parameters', () => {
	const generic: [string, string[]][] = [
		['/api/collections/bins/items', ['q', 'bbox', 'limit', 'offset', 'datetime', 'f', 'crs', 'bbox-crs']],
		['/api/collections/hotspots/items', ['q', 'bbox', 'datetime']],
		['/api/collections/bins/export', ['format', 'crs', 'q']],
		['/api/changesets', ['author', 'before', 'featureId', 'limit']],
		['/api/analysis/coverage', ['radius', 'kind', 'bbox', 'zone']],
		['/api/analysis/gaps', ['roadClass', 'kind', 'zone', 'lines']],
		['/api/analysis/gaps/lines', ['bbox', 'limit', 'snap', 'zone']],
		['/api/analysis/zones', ['from', 'to', 'measure', 'trend', 'category', 'status']],
		['/api/analysis/hardening', ['zone', 'at']],
		['/api/reports/summary', ['from', 'to', 'at', 'lang']],
		['/api/reports/scorecard', ['from', 'to', 'at', 'lang']],
		['/api/reports/csv', ['table', 'select', 'from', 'to', 'lang']],
		['/api/tiles', ['layer']]
	];
	it.each(generic)('%s', async (path, names) => {
		for (const name of names) {
			for (const payload of PAYLOADS) {
				const res = await anonymous.get(`${path}?${new URLSearchParams({ [name]: payload })}`);
				expectNoServerError(res, `${path} ${name}=${payload}`);
			}
		}
	});

	it('finds nothing for q with an injection string, and the value itself when a feature has it', async () => {
		for (const payload of PAYLOADS) {
			const res = await anonymous.get(`/api/collections/bins/items?${new URLSearchParams({ q: payload })}`);
			expect(res.status).toBe(200);
			expect(res.body.numberMatched, payload).toBe(0);
		}
		const stored = await admin.create('bins', point(116.31, 40.01), { name: PAYLOADS[0] });
		const found = await anonymous.get(`/api/collections/bins/items?${new URLSearchParams({ q: PAYLOADS[0] })}`);
		expect(found.body.features.map((f: { id: number }) => f.id)).toEqual([stored.id]);
		const byName = await anonymous.get(`/api/collections/bins/items?${new URLSearchParams({ name: PAYLOADS[0] })}`);
		expect(byName.body.features.map((f: { id: number }) => f.id)).toEqual([stored.id]);
		expect(byName.body.features[0].properties.name).toBe(PAYLOADS[0]);
		const undo = await admin.post(`/api/changesets/${stored.changesetId}/revert`, {});
		expect(undo.status).toBe(201);
	});

	it('refuses injection strings as filter names with 400', async () => {
		for (const payload of PAYLOADS) {
			const res = await anonymous.get(`/api/collections/bins/items?${new URLSearchParams({ [payload]: '1' })}`);
			expect(res.status, payload).toBe(400);
			expect(res.body.code).toBe('query.unknown-field');
		}
	});
});

describe('injection strings in path parameters', () => {
	const paths = [
		'/api/collections/{x}',
		'/api/collections/{x}/items',
		'/api/collections/bins/items/{x}',
		'/api/collections/bins/items/{x}/history',
		'/api/changesets/{x}',
		'/api/photos/{x}',
		'/api/hotspots/{x}/timeline',
		'/api/auth/users/{x}',
		'/api/basemap/{x}'
	];
	it.each(paths)('%s', async (path) => {
		for (const payload of PAYLOADS) {
			const res = await admin.get(path.replace('{x}', encodeURIComponent(payload)));
			expectNoServerError(res, `${path} ${payload}`);
			expect(res.status, `${path} ${payload}`).not.toBe(200);
		}
	});
});

describe('afterwards', () => {
	it('has every table as it was', () => {
		const after = tableCounts(server.dbPath);
		// The one test feature above was created and undone: two changesets, two versions, one (deleted) feature.
		expect(after).toEqual({ ...before, changesets: before.changesets + 2, feature_versions: before.feature_versions + 2, features: before.features + 1, sessions: after.sessions });
		expect(withReadOnlyDb(server.dbPath, (db) => db.pragma('integrity_check', { simple: true }))).toBe('ok');
	});
});
