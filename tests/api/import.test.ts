/**
 * Imports through the API against the real server: each format, the preview, one undoable
 * changeset per import, GCJ-02 conversion, re-import by key column, permissions, and that the
 * server keeps answering while a large file is checked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import gcoord from 'gcoord';
import iconv from 'iconv-lite';
import { appRoot, startServer, type RunningServer } from '../helpers/server';
import { apiClient, type ApiClient } from './api-client';
import { commit, count, importFile, upload } from './import-helpers';

let server: RunningServer;
let client: ApiClient;

beforeAll(async () => {
	server = await startServer();
	client = apiClient(server.url, await server.login());
});
afterAll(() => server?.stop());

/** Metres between two lon/lat positions. */
const metres = (a: number[], b: number[]) => {
	const k = Math.PI / 180;
	return Math.hypot((b[0] - a[0]) * Math.cos(a[1] * k), b[1] - a[1]) * 6371008.8 * k;
};

// Bins surveyed on Amap: GCJ-02 coordinates, Chinese headers, saved by Excel as GBK.
const binsCsv = (rows: string[][]) => new Uint8Array(iconv.encode(['编号,名称,类型,状态,经度,纬度', ...rows.map((r) => r.join(','))].join('\r\n') + '\r\n', 'gbk'));
const BINS = [
	['B-001', '北门', '果皮箱', '已设置', '116.356412', '40.004623'],
	['B-002', '食堂东', '垃圾桶', '已设置', '116.357108', '40.003991'],
	['B-003', '操场南', '果皮箱', '规划', '116.354877', '40.002845']
];

describe('CSV in GCJ-02 with a key column', () => {
	let changesetId: number;

	it('previews the rows, the guessed mapping and where they will go, writing nothing', async () => {
		const res = await upload(client, binsCsv(BINS), 'bins.csv', { collection: 'bins', crs: 'gcj02', key: '编号' });
		expect(res.status, res.text).toBe(201);
		expect(res.body).toMatchObject({ format: 'csv', collection: 'bins', crs: 'gcj02', keyColumn: '编号', total: 3, valid: 3, rejected: 0, create: 3, update: 0 });
		expect(res.body.mapping).toEqual({ 编号: null, 名称: 'name', 类型: 'binType', 状态: 'status', 经度: null, 纬度: null });
		expect(res.body.notes.encoding).toBe('GB18030');
		expect(res.body.features.features).toHaveLength(3);
		expect(await count(client, 'bins')).toBe(0);
	});

	it('commits one changeset that records the CRS, converted to WGS84 within 1 m of gcoord', async () => {
		const { result } = await importFile(client, binsCsv(BINS), 'bins.csv', { collection: 'bins', crs: 'gcj02', key: '编号' });
		expect(result).toMatchObject({ created: 3, updated: 0, unchanged: 0, rejected: 0 });
		changesetId = result.changesetId;
		const cs = await client.get(`/api/changesets/${changesetId}`);
		expect(cs.body.source ?? cs.body.changeset?.source).toBe('import');
		const meta = cs.body.meta ?? cs.body.changeset?.meta;
		expect(meta).toMatchObject({ crs: 'gcj02', file: 'bins.csv', format: 'csv', keyColumn: '编号' });
		const items = (await client.get('/api/collections/bins/items')).body.features;
		const north = items.find((f: { properties: { name: string } }) => f.properties.name === '北门');
		expect(north.properties).toMatchObject({ binType: 'litter', status: 'installed' });
		const expected = gcoord.transform([116.356412, 40.004623], gcoord.GCJ02, gcoord.WGS84);
		expect(metres(north.geometry.coordinates, expected)).toBeLessThan(1);
	});

	it('re-importing the file updates what it created instead of duplicating it', async () => {
		const changed = BINS.map((r) => [...r]);
		changed[2][3] = '已设置';
		changed.push(['B-004', '图书馆', '垃圾桶', '已设置', '116.355301', '40.003312']);
		const { result } = await importFile(client, binsCsv(changed), 'bins.csv', { collection: 'bins', crs: 'gcj02', key: '编号' });
		expect(result).toMatchObject({ created: 1, updated: 1, unchanged: 2, rejected: 0 });
		expect(await count(client, 'bins')).toBe(4);
		const again = await importFile(client, binsCsv(changed), 'bins.csv', { collection: 'bins', crs: 'gcj02', key: '编号' });
		expect(again.result).toMatchObject({ created: 0, updated: 0, unchanged: 4, changesetId: null });
		expect(await count(client, 'bins')).toBe(4);
	});

	it('an import is undone in one step', async () => {
		const first = await importFile(client, 'name,lon,lat\nA,116.30,40.1\nB,116.31,40.1\n', 'more.csv', { collection: 'bins' });
		expect(await count(client, 'bins')).toBe(6);
		const undo = await client.post(`/api/changesets/${first.result.changesetId}/revert`, {});
		expect(undo.status, undo.text).toBeLessThan(300);
		expect(await count(client, 'bins')).toBe(4);
	});
});

describe('formats', () => {
	it('GeoJSON into shops with an edited mapping', async () => {
		const fc = {
			type: 'FeatureCollection',
			features: [
				{ type: 'Feature', geometry: { type: 'Point', coordinates: [116.35, 40] }, properties: { title: '小卖部', kind: 'grocery' } },
				{ type: 'Feature', geometry: { type: 'Point', coordinates: [116.351, 40] }, properties: { title: '理发店', kind: 'barber' } }
			]
		};
		const preview = await upload(client, JSON.stringify(fc), 'shops.geojson', { collection: 'shops' });
		expect(preview.status, preview.text).toBe(201);
		expect(preview.body.mapping).toEqual({ title: 'name', kind: null });
		const again = await client.post(`/api/import/${preview.body.token}/preview`, { collection: 'shops', mapping: { title: 'name', kind: 'category' } });
		expect(again.status, again.text).toBe(200);
		expect(again.body).toMatchObject({ valid: 2, rejected: 0 });
		const res = await commit(client, preview.body.token, { collection: 'shops', mapping: { title: 'name', kind: 'category' } });
		expect(res.status, res.text).toBe(201);
		const items = (await client.get('/api/collections/shops/items')).body.features;
		expect(items.map((f: { properties: Record<string, unknown> }) => [f.properties.name, f.properties.category])).toEqual([
			['小卖部', 'grocery'],
			['理发店', 'barber']
		]);
	});

	it('KML into display boards', async () => {
		const kml = `<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>
<Placemark><name>健康教育宣传栏</name><ExtendedData><Data name="类型"><value>健康教育</value></Data></ExtendedData><Point><coordinates>116.352,40.001</coordinates></Point></Placemark>
</Document></kml>`;
		const { result } = await importFile(client, kml, 'boards.kml', { collection: 'display-boards' });
		expect(result).toMatchObject({ created: 1, rejected: 0 });
		const [board] = (await client.get('/api/collections/display-boards/items')).body.features;
		expect(board.properties).toMatchObject({ name: '健康教育宣传栏', boardType: 'health-education' });
	});

	it('GPX tracks become road segments by default; waypoints are listed as problems', async () => {
		const gpx = `<?xml version="1.0"?><gpx version="1.1" creator="t" xmlns="http://www.topografix.com/GPX/1/1"><wpt lat="40" lon="116.35"><name>start</name></wpt>
<trk><name>后街</name><trkseg><trkpt lat="40.0" lon="116.35"/><trkpt lat="40.001" lon="116.351"/></trkseg></trk></gpx>`;
		const preview = await upload(client, gpx, 'survey.gpx');
		expect(preview.status, preview.text).toBe(201);
		expect(preview.body).toMatchObject({ collection: 'road-segments', valid: 1, rejected: 1 });
		expect(preview.body.issues[0]).toMatchObject({ code: 'geometry.type', severity: 'error' });
		const refused = await commit(client, preview.body.token, { collection: 'road-segments' });
		expect(refused.status).toBe(422);
		expect(refused.body.code).toBe('import.rows-invalid');
		expect(await count(client, 'road-segments')).toBe(0);
		const res = await commit(client, preview.body.token, { collection: 'road-segments', skipInvalid: true });
		expect(res.status, res.text).toBe(201);
		expect(res.body).toMatchObject({ created: 1, rejected: 1 });
		const [road] = (await client.get('/api/collections/road-segments/items')).body.features;
		expect(road.properties).toMatchObject({ name: '后街', roadClass: 'branch' });
	});

	it('a zipped Shapefile in Web Mercator, reprojected by its .prj', async () => {
		const zip = new Uint8Array(readFileSync(join(appRoot, 'src/lib/import/fixtures/bins-3857.zip')));
		const { preview, result } = await importFile(client, zip, 'bins-3857.zip', { collection: 'bins', key: 'name' });
		expect(preview.format).toBe('shapefile');
		expect(result).toMatchObject({ created: 3, rejected: 0 });
		const items = (await client.get('/api/collections/bins/items?q=Market')).body.features;
		expect(items[0].geometry.coordinates[0]).toBeCloseTo(116.3527, 6);
		expect(items[0].properties).toMatchObject({ status: 'damaged' });
	});

	it('a multipart form upload works like a raw one', async () => {
		const form = new FormData();
		form.set('file', new Blob(['名称,经度,纬度\n东门,116.34,40.01\n']), 'gate.csv');
		const res = await client.send('POST', '/api/import?collection=bins', { body: form });
		expect(res.status, res.text).toBe(201);
		expect(res.body).toMatchObject({ filename: 'gate.csv', valid: 1 });
	});
});

describe('who may import', () => {
	it('anonymous callers get 401 and viewers 403, and nothing is read', async () => {
		const anon = apiClient(server.url);
		const res = await upload(anon, 'lon,lat\n116,40\n', 'x.csv', { collection: 'bins' });
		expect(res.status).toBe(401);
		const viewer = await server.createUser('reader', 'viewer');
		const res2 = await upload(apiClient(server.url, viewer.token), 'lon,lat\n116,40\n', 'x.csv', { collection: 'bins' });
		expect(res2.status).toBe(403);
	});

	it('another user cannot commit someone else’s upload', async () => {
		const preview = await upload(client, 'lon,lat\n116,40\n', 'x.csv', { collection: 'bins' });
		const planner = await server.createUser('planner1', 'planner');
		const res = await commit(apiClient(server.url, planner.token), preview.body.token, { collection: 'bins' });
		expect(res.status).toBe(404);
	});
});

describe('responsiveness', () => {
	it('answers a read quickly while a large CSV is being checked', async () => {
		const lines = ['name,status,lon,lat'];
		for (let i = 0; i < 60_000; i++) lines.push(`Bin ${i},installed,${(116.3 + (i % 300) / 10000).toFixed(5)},${(40 + Math.floor(i / 300) / 10000).toFixed(5)}`);
		const started = Date.now();
		let importDone = 0;
		const importing = upload(client, lines.join('\n'), 'big.csv', { collection: 'bins' }).then((r) => {
			importDone = Date.now();
			return r;
		});
		// Read again and again while the file is being checked; only reads that finished before the
		// import did count, so each of them was answered while the import was running.
		const readsDuringImport: number[] = [];
		await new Promise((r) => setTimeout(r, 100));
		while (importDone === 0) {
			const readStart = Date.now();
			const read = await client.get('/api/collections/zones/items?limit=5');
			expect(read.status).toBe(200);
			if (importDone === 0) readsDuringImport.push(Date.now() - readStart);
			await new Promise((r) => setTimeout(r, 50));
		}
		const res = await importing;
		expect(res.status, res.text).toBe(201);
		expect(res.body.valid).toBe(60_000);
		console.log(`import preview of 60,000 rows: ${importDone - started} ms; ${readsDuringImport.length} reads during it, slowest ${Math.max(...readsDuringImport)} ms`);
		expect(readsDuringImport.length).toBeGreaterThan(0);
		expect(Math.max(...readsDuringImport)).toBeLessThan(1500);
	});
});
