/**
 * Imports through the API against the real server: each format, the preview, one undoable
 * changeset per import, GCJ-02 conversion, re-import by key column, permissions, and that the
 * server keeps answering while a large file is checked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
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

	it('a self-intersecting zone is reported on its row in the preview, with where it crosses, and the others still import', async () => {
		const square = [[[116.3, 40], [116.31, 40], [116.31, 40.01], [116.3, 40.01], [116.3, 40]]];
		const bowtie = [[[116, 40], [116.01, 40.01], [116.01, 40], [116, 40.01], [116, 40]]];
		const fc = {
			type: 'FeatureCollection',
			features: [
				{ type: 'Feature', geometry: { type: 'Polygon', coordinates: square }, properties: { name: '一网格' } },
				{ type: 'Feature', geometry: { type: 'Polygon', coordinates: bowtie }, properties: { name: '二网格' } }
			]
		};
		const preview = await upload(client, JSON.stringify(fc), 'zones.geojson', { collection: 'zones' });
		expect(preview.status, preview.text).toBe(201);
		expect(preview.body).toMatchObject({ total: 2, valid: 1, rejected: 1 });
		expect(preview.body.issues).toEqual([
			{
				row: 2,
				code: 'geometry.self-intersection',
				severity: 'error',
				path: 'geometry',
				message: expect.stringMatching(/^Row 2: the polygon crosses itself \(1 crossing, first near 116\.005000, 40\.005000\)/),
				params: { row: 2, crossings: 1, near: '116.005000, 40.005000' }
			}
		]);
		const res = await commit(client, preview.body.token, { collection: 'zones', skipInvalid: true });
		expect(res.status, res.text).toBe(201);
		expect(res.body).toMatchObject({ created: 1, rejected: 1 });
		expect(res.body.issues[0]).toMatchObject({ row: 2, code: 'geometry.self-intersection' });
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
	// Reads as an anonymous visitor would make them: a signed-in session's periodic "last seen"
	// write would wait for the import's write lock like any other write.
	const READS = ['/api/collections/zones/items?limit=5', '/api/collections/bins/items?limit=5'];

	/**
	 * Reads again and again while `work` runs, and times each read that started before the work
	 * ended (a read held up by a blocked server would end only after it). The reads run in a
	 * thread of their own, warmed up by one read before the work starts, so that this process
	 * building, sending or parsing a large body does not count as the server's delay. `poll` runs
	 * now and then beside them, e.g. to ask how far the import has got.
	 */
	async function readWhile<T>(label: string, work: () => Promise<T>, poll?: () => Promise<void>): Promise<{ result: T; reads: number[] }> {
		const reader = new Worker(
			`const { parentPort, workerData } = require('node:worker_threads');
			let stop = false;
			parentPort.once('message', () => (stop = true));
			const read = async (path) => {
				const res = await fetch(workerData.base + path);
				await res.arrayBuffer();
				if (res.status !== 200) throw new Error('HTTP ' + res.status + ' for ' + path);
			};
			(async () => {
				await read(workerData.paths[0]);
				parentPort.postMessage('ready');
				const reads = [];
				while (!stop) {
					const started = Date.now();
					await read(workerData.paths[reads.length % workerData.paths.length]);
					reads.push({ started, ms: Date.now() - started });
					await new Promise((r) => setTimeout(r, 50));
				}
				parentPort.postMessage(reads);
			})().catch((e) => parentPort.postMessage({ error: String(e) }));`,
			{ eval: true, workerData: { base: server.url, paths: READS } }
		);
		const messages: unknown[] = [];
		let wake: (() => void) | undefined;
		reader.on('message', (m) => {
			messages.push(m);
			wake?.();
		});
		const next = async () => {
			while (messages.length === 0) await new Promise<void>((r) => (wake = r));
			return messages.shift();
		};
		try {
			const ready = await next();
			if (ready !== 'ready') throw new Error(`The reader could not start: ${JSON.stringify(ready)}`);
			const started = Date.now();
			let finishedAt = 0;
			const running = work().finally(() => (finishedAt = Date.now()));
			while (finishedAt === 0) {
				await poll?.();
				await new Promise((r) => setTimeout(r, 100));
			}
			const result = await running;
			reader.postMessage('stop');
			const answer = (await next()) as { started: number; ms: number }[] | { error: string };
			if ('error' in answer) throw new Error(`A read during the import failed: ${answer.error}`);
			const reads = answer.filter((r) => r.started < finishedAt).map((r) => r.ms);
			const sorted = [...reads].sort((a, b) => a - b);
			console.log(`${label}: ${finishedAt - started} ms; ${reads.length} reads during it, median ${sorted[sorted.length >> 1]} ms, slowest ${sorted[sorted.length - 1]} ms`);
			return { result, reads };
		} finally {
			await reader.terminate();
		}
	}

	/** Polls the import's progress; returns the phases seen and the last answer. */
	function progressWatcher(progressClient: ApiClient, id: string) {
		const seen: { phase: string; done: number; total: number }[] = [];
		return {
			seen,
			async poll() {
				const res = await progressClient.get(`/api/import/progress/${id}`);
				expect(res.status, res.text).toBe(200);
				if (res.body.phase !== 'waiting') seen.push(res.body);
			}
		};
	}

	const lon = (i: number) => (116.3 + (i % 300) / 10000).toFixed(6);
	const lat = (i: number) => (40 + Math.floor(i / 300) / 10000).toFixed(6);

	it('answers a read quickly while a large CSV is being checked', async () => {
		const lines = ['name,status,lon,lat'];
		for (let i = 0; i < 60_000; i++) lines.push(`Bin ${i},installed,${lon(i)},${lat(i)}`);
		const { result: res, reads } = await readWhile('import preview of a 60,000-row CSV', () => upload(client, lines.join('\n'), 'big.csv', { collection: 'bins' }));
		expect(res.status, res.text).toBe(201);
		expect(res.body.valid).toBe(60_000);
		expect(reads.length).toBeGreaterThan(0);
		expect(Math.max(...reads)).toBeLessThan(500);
	});

	it('answers reads quickly while a large GeoJSON file is parsed and checked, and reports how far it has got', { timeout: 120_000 }, async () => {
		// 20,000 alleys of 40 vertices each: about 21 MB, which JSON.parse alone takes a second or more to read.
		const features: string[] = [];
		for (let i = 0; i < 20_000; i++) {
			const line = Array.from({ length: 40 }, (_, k) => `[${lon(i + k)},${lat(i)}]`).join(',');
			features.push(`{"type":"Feature","geometry":{"type":"LineString","coordinates":[${line}]},"properties":{"name":"Alley ${i}","roadClass":"alley","surface":"concrete"}}`);
		}
		const bytes = new TextEncoder().encode(`{"type":"FeatureCollection","features":[${features.join(',')}]}`);
		const id = `geojson-${Date.now()}`;
		const progress = progressWatcher(client, id);
		const q = new URLSearchParams({ filename: 'alleys.geojson', collection: 'road-segments', progress: id });
		const sending = () => client.send('POST', `/api/import?${q}`, { body: bytes, headers: { 'content-type': 'application/octet-stream' } });
		const { result: res, reads } = await readWhile(`import preview of a ${(bytes.length / 1e6).toFixed(1)} MB GeoJSON (20,000 lines)`, sending, progress.poll);
		expect(res.status, res.text).toBe(201);
		expect(res.body).toMatchObject({ format: 'geojson', valid: 20_000, rejected: 0 });
		expect(reads.length).toBeGreaterThan(2);
		expect(Math.max(...reads)).toBeLessThan(500);
		expect(progress.seen.map((p) => p.phase)).toContain('check');
		const check = progress.seen.find((p) => p.phase === 'check')!;
		expect(check.total).toBe(20_000);
		expect(check.done).toBeLessThanOrEqual(check.total);
		expect((await client.get(`/api/import/progress/${id}`)).body).toMatchObject({ phase: 'done' });
	});

	it('answers reads quickly while a large .osm extract is parsed and assembled', { timeout: 120_000 }, async () => {
		const lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<osm version="0.6" generator="sanimap test">'];
		for (let i = 0; i < 20_000; i++) lines.push(`<node id="${i + 1}" lat="${lat(i)}" lon="${lon(i)}" version="1"><tag k="amenity" v="waste_basket"/><tag k="name" v="Bin ${i}"/></node>`);
		for (let w = 0; w < 2_000; w++) {
			lines.push(`<way id="${w + 1}" version="1">`);
			for (let k = 0; k < 10; k++) lines.push(`<nd ref="${w * 10 + k + 1}"/>`);
			lines.push('<tag k="highway" v="residential"/></way>');
		}
		lines.push('</osm>');
		const { result: res, reads } = await readWhile('import preview of a .osm extract (20,000 nodes, 2,000 ways)', () => upload(client, lines.join('\n'), 'big.osm'));
		expect(res.status, res.text).toBe(201);
		expect(res.body.format).toBe('osm-xml');
		expect(res.body.layers.bins.created).toBe(20_000);
		expect(res.body.layers['road-segments'].created).toBe(2_000);
		expect(reads.length).toBeGreaterThan(2);
		expect(Math.max(...reads)).toBeLessThan(500);
	});

	it('answers reads quickly while a large import is written, as one changeset undone in one step', { timeout: 180_000 }, async () => {
		const lines = ['name,status,lon,lat'];
		for (let i = 0; i < 20_000; i++) lines.push(`Written ${i},installed,${lon(i)},${lat(i)}`);
		const preview = await upload(client, lines.join('\n'), 'written.csv', { collection: 'bins' });
		expect(preview.status, preview.text).toBe(201);
		const before = await count(client, 'bins');
		// A fresh session, so that polling the progress never needs to record the session's use.
		const poller = apiClient(server.url, await server.login());
		const id = `commit-${Date.now()}`;
		const progress = progressWatcher(poller, id);
		const committing = () => client.post(`/api/import/${preview.body.token}/commit?progress=${id}`, { collection: 'bins' });
		const { result: res, reads } = await readWhile('import commit of 20,000 rows', committing, progress.poll);
		expect(res.status, res.text).toBe(201);
		expect(res.body).toMatchObject({ created: 20_000, rejected: 0 });
		expect(reads.length).toBeGreaterThan(2);
		expect(Math.max(...reads)).toBeLessThan(500);
		expect(progress.seen.length).toBeGreaterThan(0);
		expect((await poller.get(`/api/import/progress/${id}`)).body).toEqual({ phase: 'done', done: 20_000, total: 20_000 });

		expect(await count(client, 'bins')).toBe(before + 20_000);
		const cs = await client.get(`/api/changesets/${res.body.changesetId}`);
		expect(cs.status, cs.text).toBe(200);
		const undo = await client.post(`/api/changesets/${res.body.changesetId}/revert`, {});
		expect(undo.status, undo.text).toBeLessThan(300);
		expect(await count(client, 'bins')).toBe(before);
	});

	it('progress is the caller’s own: unknown ids and other users’ read as waiting, malformed ids are refused', async () => {
		const waiting = { phase: 'waiting', done: 0, total: 0 };
		expect((await client.get('/api/import/progress/never-started-1')).body).toEqual(waiting);
		const id = `mine-${Date.now()}`;
		const res = await client.send('POST', `/api/import?filename=p.csv&collection=bins&progress=${id}`, { body: 'lon,lat\n116.3,40\n', headers: { 'content-type': 'text/csv' } });
		expect(res.status, res.text).toBe(201);
		expect((await client.get(`/api/import/progress/${id}`)).body).toMatchObject({ phase: 'done' });
		const planner = await server.createUser('progress-planner', 'planner');
		expect((await apiClient(server.url, planner.token).get(`/api/import/progress/${id}`)).body).toEqual(waiting);
		expect((await apiClient(server.url).get(`/api/import/progress/${id}`)).status).toBe(401);
		const bad = await client.send('POST', '/api/import?filename=p.csv&collection=bins&progress=a%20b', { body: 'lon,lat\n116.3,40\n', headers: { 'content-type': 'text/csv' } });
		expect(bad.status).toBe(400);
		expect(bad.body.code).toBe('import.progress-id');
	});
});
