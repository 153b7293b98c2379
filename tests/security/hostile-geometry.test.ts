/**
 * A geometry is checked whole: only `type`, `coordinates` and a well-formed `bbox`. A field user
 * cannot store a bin whose geometry carries `__proto__` or a member nested thousands deep (once
 * stored, it made /report answer 500 to everyone), and nesting 10,000 deep is a 400, not a 500.
 * A hostile geometry that is in the file anyway (written before, or by another program) leaves the
 * report standing: the feature is left out and named on the page.
 */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { apiClient, point, type ApiClient } from '../api/api-client';
import { startServer, type RunningServer } from '../helpers/server';

let server: RunningServer;
let field: ApiClient;

const nested = (depth: number) => '['.repeat(depth) + '1' + ']'.repeat(depth);
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
/** A period around now, so the bins written by the test are in it whatever the machine's date. */
const period = () => `from=${day(Date.now() - 20 * 86_400_000)}&to=${day(Date.now() + 2 * 86_400_000)}`;

beforeAll(async () => {
	server = await startServer({ seed: true });
	field = apiClient(server.url, (await server.createUser('wang', 'field')).token);
}, 120_000);
afterAll(() => server?.stop());

const HOSTILE_BODIES: [string, string][] = [
	['a "__proto__" member', '{"geometry":{"type":"Point","coordinates":[116.35,40.0],"__proto__":{"polluted":true}}}'],
	['a member nested 4,100 deep', `{"geometry":{"type":"Point","coordinates":[116.35,40.0],"x":${nested(4_100)}}}`],
	['a member nested 10,000 deep', `{"geometry":{"type":"Point","coordinates":[116.35,40.0],"x":${nested(10_000)}}}`],
	['coordinates nested 10,000 deep', `{"geometry":{"type":"Point","coordinates":${nested(10_000)}}}`],
	['a foreign "crs" member', '{"geometry":{"type":"Point","coordinates":[116.35,40.0],"crs":{"type":"name"}}}'],
	['a bbox nested 5,000 deep', `{"geometry":{"type":"Point","coordinates":[116.35,40.0],"bbox":${nested(5_000)}}}`]
];

it.each(HOSTILE_BODIES)('refuses a bin whose geometry has %s with a 400, storing nothing', async (_what, body) => {
	const before = (await field.get('/api/changesets?limit=1')).body.changesets[0].id;
	const create = await field.send('POST', '/api/collections/bins/items', { body, headers: { 'content-type': 'application/json' } });
	expect(create.status, create.text.slice(0, 300)).toBe(400);
	expect(create.body.code).toBe('feature.invalid');
	const bin = await field.create('bins', point(116.35, 40.0));
	const patch = await field.send('PATCH', `/api/collections/bins/items/${bin.id}`, { body, headers: { 'content-type': 'application/merge-patch+json', 'if-match': '"1"' } });
	expect(patch.status, patch.text.slice(0, 300)).toBe(400);
	expect((await field.get(`/api/collections/bins/items/${bin.id}`)).body.geometry).toEqual(point(116.35, 40.0));
	expect((await field.get('/api/changesets?limit=1')).body.changesets[0].id).toBe(bin.changesetId);
	expect(bin.changesetId).toBe(before + 1);
});

it('stores a valid bbox member as the server keeps geometries: type and coordinates only', async () => {
	const res = await field.post('/api/collections/bins/items', { geometry: { type: 'Point', coordinates: [116.35, 40], bbox: [116.35, 40, 116.35, 40] } });
	expect(res.status, res.text).toBe(201);
	expect(res.body.geometry).toEqual({ type: 'Point', coordinates: [116.35, 40] });
});

it('renders the report for everyone although one stored bin has a hostile geometry, and names that bin', async () => {
	const bin = await field.create('bins', point(116.351, 40.001), { name: 'hostile' });
	const hostile = `{"type":"Point","coordinates":[116.351,40.001],"__proto__":{"polluted":true},"deep":${nested(4_100)}}`;
	// Written straight into the file, as data stored before the check was whole would be.
	const db = new Database(server.dbPath);
	db.pragma('busy_timeout = 5000');
	db.prepare('UPDATE features SET geometry = ? WHERE id = ?').run(hostile, bin.id);
	db.prepare('UPDATE feature_versions SET geometry = ? WHERE feature_id = ?').run(hostile, bin.id);
	db.close();

	const page = await fetch(`${server.url}/report?${period()}`);
	const html = await page.text();
	expect(page.status, html.slice(0, 500)).toBe(200);
	expect(html).toContain('data-testid="report-unreadable"');
	expect(html).toContain(`/?select=bins:${bin.id}`);
	expect(html).toContain('__proto__');
	for (const path of [`/api/reports/summary?${period()}`, `/api/reports/scorecard`, `/api/reports/csv?table=items&${period()}`]) {
		expect((await fetch(`${server.url}${path}`)).status, path).toBe(200);
	}
	// The map reads the layer as it always did.
	expect((await fetch(`${server.url}/api/collections/bins/items?limit=10000`)).status).toBe(200);
});
