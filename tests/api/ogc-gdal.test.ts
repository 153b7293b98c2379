/**
 * GDAL/OGR as a real OGC API – Features client (its OAPIF driver, the one QGIS uses too) against
 * the running server: it must list every layer and read every feature of one, page by page through
 * the next links, with counts equal to the database's. Needs `ogrinfo`/`ogr2ogr` (Debian: gdal-bin).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { appRoot, startServer, type RunningServer } from '../helpers/server';
import { apiClient, COLLECTIONS, type ApiClient } from './api-client';
import { commit, count, upload } from './import-helpers';

const run = promisify(execFile);

function requireGdal(): void {
	const probe = spawnSync('ogrinfo', ['--version'], { encoding: 'utf8' });
	if (probe.error || probe.status !== 0) {
		throw new Error('ogrinfo (GDAL) is not installed, so the OGC API cannot be checked with a real client. Install it: sudo apt-get install -y gdal-bin (.ci/run does).');
	}
}

let server: RunningServer;
let client: ApiClient;
let dir: string;

beforeAll(async () => {
	requireGdal();
	dir = mkdtempSync(join(tmpdir(), 'sanimap-gdal-'));
	server = await startServer();
	client = apiClient(server.url, await server.login());
	const preview = await upload(client, readFileSync(join(appRoot, 'tests/fixtures/osm/raw/beijing_haidian_cau.osm')), 'beijing_haidian_cau.osm');
	expect(preview.status, preview.text).toBe(201);
	expect((await commit(client, preview.body.token, { skipInvalid: true })).status).toBe(201);
	await client.create('bins', { type: 'Point', coordinates: [116.35, 40.003] }, { name: '北门 "东" & <西>' });
});

afterAll(async () => {
	await server?.stop();
	if (dir) rmSync(dir, { recursive: true, force: true });
});

const ogr = async (cmd: 'ogrinfo' | 'ogr2ogr', args: string[]) => (await run(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 120_000 })).stdout;

describe('GDAL/OGR reading the API', () => {
	it('ogrinfo lists every collection', async () => {
		const out = await ogr('ogrinfo', ['-ro', '-q', `OAPIF:${server.url}/api`]);
		for (const id of COLLECTIONS) expect(out, out).toMatch(new RegExp(`^\\d+: ${id}\\b`, 'm'));
	});

	it('ogrinfo reports each layer’s feature count as the database has it', async () => {
		for (const id of ['road-segments', 'shops', 'zones', 'bins']) {
			const out = await ogr('ogrinfo', ['-ro', '-so', `OAPIF:${server.url}/api`, id]);
			const m = /Feature Count: (\d+)/.exec(out);
			expect(m, out).not.toBeNull();
			expect(Number(m![1]), id).toBe(await count(client, id));
			expect(out).toMatch(/Extent: \(11\d\.\d+, (39|40)\.\d+\) - \(11\d\.\d+, (39|40)\.\d+\)/);
		}
	});

	it('ogr2ogr reads every feature of a layer through the next links, small pages included', async () => {
		const expected = await count(client, 'road-segments');
		expect(expected).toBeGreaterThan(100);
		const out = join(dir, 'roads.geojson');
		await ogr('ogr2ogr', ['-f', 'GeoJSON', out, `OAPIF:${server.url}/api`, 'road-segments', '-oo', 'PAGE_SIZE=37']);
		const fc = JSON.parse(readFileSync(out, 'utf8'));
		expect(fc.features).toHaveLength(expected);
		const ids = new Set(fc.features.map((f: { properties: { osmId: string } }) => f.properties.osmId));
		expect(ids.size).toBe(expected);
		const api = (await client.get('/api/collections/road-segments/items?limit=10000')).body.features;
		expect(new Set(api.map((f: { properties: { osmId: string } }) => f.properties.osmId))).toEqual(ids);
	});

	it('ogr2ogr keeps Chinese text and the bbox filter', async () => {
		const out = join(dir, 'bins.geojson');
		await ogr('ogr2ogr', ['-f', 'GeoJSON', out, `OAPIF:${server.url}/api`, 'bins', '-spat', '116.349', '40.002', '116.351', '40.004']);
		const fc = JSON.parse(readFileSync(out, 'utf8'));
		expect(fc.features.map((f: { properties: { name: string } }) => f.properties.name)).toEqual(['北门 "东" & <西>']);
	});
});

describe('the documents GDAL and QGIS start from', () => {
	it('the landing page links the OpenAPI definition as service-desc, and it describes every layer', async () => {
		const landing = await client.get('/api');
		const desc = landing.body.links.find((l: { rel: string }) => l.rel === 'service-desc');
		expect(desc).toMatchObject({ href: `${server.url}/api/api`, type: 'application/vnd.oai.openapi+json;version=3.0' });
		const doc = await client.get('/api/api');
		expect(doc.status).toBe(200);
		expect(doc.headers.get('content-type')).toMatch(/application\/vnd\.oai\.openapi\+json/);
		expect(doc.body.openapi).toMatch(/^3\.0/);
		for (const id of COLLECTIONS) expect(doc.body.paths[`/collections/${id}/items`]).toBeDefined();
		const conformance = await client.get('/api/conformance');
		expect(conformance.body.conformsTo).toContain('http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30');
	});

	it('items pages carry numberMatched, numberReturned and next/prev links in the GeoJSON media type', async () => {
		const total = await count(client, 'shops');
		const page = await client.get('/api/collections/shops/items?limit=10&offset=10');
		expect(page.headers.get('content-type')).toMatch(/application\/geo\+json/);
		expect(page.body).toMatchObject({ numberMatched: total, numberReturned: 10 });
		const rels = page.body.links.map((l: { rel: string }) => l.rel);
		expect(rels).toEqual(expect.arrayContaining(['self', 'next', 'prev']));
	});
});
