/**
 * Hostile files, one per test: each is refused with a 4xx whose message says what is wrong (and
 * names the limit when one was hit), nothing is stored (every layer and the changeset log read the
 * same before and after), and the server keeps answering.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import iconv from 'iconv-lite';
import { Zip, ZipDeflate, zipSync, strToU8 } from 'fflate';
import { startServer, type RunningServer } from '../helpers/server';
import { apiClient, type ApiClient, type ApiResponse } from './api-client';
import { commit, upload } from './import-helpers';

let server: RunningServer;
/** Small limits: 1 MB uploads, 10 MB unzipped. */
let small: RunningServer;
let client: ApiClient;
let smallClient: ApiClient;

/**
 * The big payloads are built before any server starts: building them blocks this process for
 * seconds, and a keep-alive connection the server closes meanwhile would be reused and fail.
 */
let bomb: Uint8Array;
let ring: string;

function buildPayloads() {
	// 64 MB of zeros in a few kB, against a 10 MB unzipped limit.
	const parts: Uint8Array[] = [];
	const zip = new Zip((err, data) => {
		if (err) throw err;
		parts.push(data);
	});
	const entry = new ZipDeflate('bomb.shp', { level: 9 });
	zip.add(entry);
	const zeros = new Uint8Array(1024 * 1024);
	for (let i = 0; i < 64; i++) entry.push(zeros, i === 63);
	zip.end();
	bomb = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
	let o = 0;
	for (const p of parts) bomb.set(p, (o += p.length) - p.length);
	const n = 2_000_000;
	const coords: string[] = new Array(n + 1);
	for (let i = 0; i < n; i++) {
		const a = (i / n) * 2 * Math.PI;
		coords[i] = `[${(116.35 + Math.cos(a) / 100).toFixed(6)},${(40 + Math.sin(a) / 100).toFixed(6)}]`;
	}
	coords[n] = coords[0];
	ring = `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[${coords.join(',')}]]}}]}`;
}

beforeAll(async () => {
	buildPayloads();
	[server, small] = await Promise.all([startServer(), startServer({ env: { SANIMAP_MAX_UPLOAD_BYTES: String(1024 * 1024), SANIMAP_MAX_UNZIPPED_BYTES: String(10 * 1024 * 1024) } })]);
	client = apiClient(server.url, await server.login());
	smallClient = apiClient(small.url, await small.login());
	await client.create('bins', { type: 'Point', coordinates: [116.3, 40] }, { name: 'Existing' });
});
afterAll(async () => {
	await Promise.all([server?.stop(), small?.stop()]);
});

async function expectRefused(send: () => Promise<ApiResponse>, status: number, code: string, on: ApiClient = client): Promise<ApiResponse> {
	const before = await on.snapshot();
	const res = await send();
	await settle();
	expect(res.status, res.text).toBe(status);
	expect(res.body.code, res.text).toBe(code);
	expect(typeof res.body.message).toBe('string');
	expect(res.body.message.length).toBeGreaterThan(20);
	expect(await on.snapshot()).toEqual(before);
	expect((await on.get('/api')).status).toBe(200);
	return res;
}

/**
 * A heavy file keeps the server busy for seconds; when it is done it closes the keep-alive
 * connections that sat idle meanwhile. A moment's pause lets this process see those closes before
 * it sends again, instead of racing them.
 */
const settle = () => new Promise((r) => setTimeout(r, 300));

function postOnNewConnection(href: string, token: string, body: string): Promise<{ status: number; body: string }> {
	const url = new URL(href);
	return new Promise((resolve, reject) => {
		const req = request(
			{ host: url.hostname, port: url.port, path: url.pathname + url.search, method: 'POST', agent: false, headers: { 'content-type': 'application/geo+json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${token}` } },
			(res) => {
				let text = '';
				res.on('data', (d) => (text += d));
				res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
			}
		);
		req.on('error', reject);
		req.end(body);
	});
}

/** Uploads (the preview must list `issueCode`), then commits: the commit is what is refused. */
function uploadThenCommit(bytes: Uint8Array | string, filename: string, collection: string, issueCode: string) {
	return async () => {
		const preview = await upload(client, bytes, filename, { collection });
		expect(preview.status, preview.text).toBe(201);
		expect(preview.body.valid).toBe(0);
		expect(preview.body.issues.map((i: { code: string }) => i.code)).toContain(issueCode);
		await settle();
		return commit(client, preview.body.token, { collection, skipInvalid: true });
	};
}

const point = (coordinates: unknown) => JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates } }] });

describe('malformed files', () => {
	it('malformed JSON', async () => {
		const res = await expectRefused(() => upload(client, '{"type":"FeatureCollection","features":[', 'bad.geojson', { collection: 'bins' }), 400, 'import.json.malformed');
		expect(res.body.message).toMatch(/not valid JSON/);
	});

	it('malformed CSV: a quote never closed', async () => {
		await expectRefused(() => upload(client, 'name,lon,lat\n"North gate,116.3,40\nSouth,116.31,40\n', 'bad.csv', { collection: 'bins' }), 400, 'import.csv.malformed');
	});

	it('binary noise named .csv', async () => {
		const noise = new Uint8Array(4096).map((_, i) => (i * 7919) % 251);
		await expectRefused(() => upload(client, noise, 'noise.csv', { collection: 'bins' }), 400, 'import.csv.no-coordinates');
	});

	it('a CSV mixing UTF-8 and GBK lines', async () => {
		const bytes = new Uint8Array([...new TextEncoder().encode('名称,经度,纬度\n北门,116.35,40\n'), ...iconv.encode('南门,116.36,40.01\n', 'gbk')]);
		const res = await expectRefused(() => upload(client, bytes, 'mixed.csv', { collection: 'bins' }), 400, 'import.encoding.mixed');
		expect(res.body.details).toEqual({ utf8Lines: [1, 2], otherLines: [3] });
	});

	it('a KML with an external entity (XXE)', async () => {
		const kml = '<?xml version="1.0"?><!DOCTYPE kml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><kml xmlns="http://www.opengis.net/kml/2.2"><Placemark><name>&xxe;</name><Point><coordinates>116.3,40</coordinates></Point></Placemark></kml>';
		const res = await expectRefused(() => upload(client, kml, 'evil.kml', { collection: 'display-boards' }), 400, 'import.xml.doctype');
		expect(res.text).not.toContain('root:');
	});

	it('an OSM file with an entity-expansion bomb', async () => {
		const lol = '<?xml version="1.0"?><!DOCTYPE osm [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><osm version="0.6"><node id="1" lat="40" lon="116"><tag k="name" v="&b;"/></node></osm>';
		await expectRefused(() => upload(client, lol, 'lol.osm'), 400, 'import.xml.doctype');
	});
});

describe('sizes and limits', () => {
	it('a 200 MB upload is refused by its declared size, long before it has been sent', async () => {
		const declared = 200 * 1024 * 1024;
		const token = await server.login();
		const before = await client.snapshot();
		const { status, body, sent } = await new Promise<{ status: number; body: string; sent: number }>((resolve, reject) => {
			const url = new URL(`${server.url}/api/import?collection=bins&filename=huge.csv`);
			const req = request({ host: url.hostname, port: url.port, path: url.pathname + url.search, method: 'POST', headers: { 'content-length': declared, 'content-type': 'text/csv', authorization: `Bearer ${token}` } });
			let sent = 0;
			let answered = false;
			const chunk = Buffer.alloc(1024 * 1024, 0x41);
			req.on('response', (res) => {
				answered = true;
				let text = '';
				res.on('data', (d) => (text += d));
				res.on('end', () => {
					req.destroy();
					resolve({ status: res.statusCode ?? 0, body: text, sent });
				});
			});
			req.on('error', (e) => (answered ? undefined : reject(e)));
			const pump = () => {
				while (!answered && sent < declared) {
					sent += chunk.length;
					if (!req.write(chunk)) return void req.once('drain', pump);
				}
			};
			pump();
		});
		expect(status).toBe(413);
		const parsed = JSON.parse(body);
		expect(parsed.code).toBe('upload.too-large');
		expect(parsed.message).toMatch(/52428800 bytes \(SANIMAP_MAX_UPLOAD_BYTES\)/);
		expect(sent).toBeLessThan(declared / 2);
		expect(await client.snapshot()).toEqual(before);
		expect((await client.get('/api')).status).toBe(200);
	});

	it('an upload without a declared length is refused when it passes the limit', async () => {
		const bytes = new Uint8Array(3 * 1024 * 1024).fill(0x41);
		const body = () =>
			new ReadableStream<Uint8Array>({
				start(controller) {
					for (let i = 0; i < bytes.length; i += 64 * 1024) controller.enqueue(bytes.slice(i, i + 64 * 1024));
					controller.close();
				}
			});
		const res = await expectRefused(() => smallClient.send('POST', '/api/import?collection=bins&filename=big.csv', { body: body(), headers: { 'content-type': 'text/csv' } }), 413, 'upload.too-large', smallClient);
		expect(res.body.details.limitBytes).toBe(1024 * 1024);
	});

	it('a zip bomb is refused from its declared sizes, before inflating', async () => {
		expect(bomb.byteLength).toBeLessThan(200_000);
		const res = await expectRefused(() => upload(smallClient, bomb, 'bomb.zip', { collection: 'bins' }), 413, 'import.zip.too-large', smallClient);
		expect(res.body.message).toMatch(/10485760 bytes \(SANIMAP_MAX_UNZIPPED_BYTES\)/);
	});

	it('a zip whose entries climb out with ../', async () => {
		const zip = zipSync({ '../../../tmp/evil.shp': strToU8('x'), 'bins.dbf': strToU8('y') });
		await expectRefused(() => upload(client, zip, 'evil.zip', { collection: 'bins' }), 400, 'import.zip.unsafe-path');
	});

	it('a .dbf whose header claims 150 million records (467 bytes in all) is refused at once, naming the file', async () => {
		// A real point Shapefile: its .dbf header then says 150,000,000 records of 12 bytes.
		const shp = new Uint8Array(128);
		const shpView = new DataView(shp.buffer);
		shpView.setInt32(0, 9994);
		shpView.setInt32(24, 64);
		shpView.setInt32(28, 1000, true);
		shpView.setInt32(32, 1, true);
		shpView.setInt32(100, 1);
		shpView.setInt32(104, 10);
		shpView.setInt32(108, 1, true);
		shpView.setFloat64(112, 116.35, true);
		shpView.setFloat64(120, 40.0, true);
		const dbf = new Uint8Array(467);
		const dbfView = new DataView(dbf.buffer);
		dbf[0] = 3;
		dbfView.setUint32(4, 150_000_000, true);
		dbfView.setUint16(8, 65, true);
		dbfView.setUint16(10, 12, true);
		dbf.set(strToU8('NAME'), 32);
		dbf[43] = 'C'.charCodeAt(0);
		dbf[48] = 11;
		dbf[64] = 0x0d;
		const zip = zipSync({ 'liar.shp': shp, 'liar.dbf': dbf });
		const t0 = performance.now();
		const res = await expectRefused(() => upload(client, zip, 'liar.zip', { collection: 'bins' }), 400, 'import.shapefile.malformed');
		expect(performance.now() - t0).toBeLessThan(10_000);
		expect(res.body.message).toMatch(/liar\.dbf.*150000000 records/);
		expect(res.body.details).toMatchObject({ file: 'liar.dbf' });
	});

	it('a 2,000,000-vertex ring is refused by the vertex limit', async () => {
		expect(ring.length).toBeGreaterThan(40_000_000);
		const token = await server.login();
		const res = await expectRefused(async () => {
			// A connection of its own for the 46 MB body, not one from the keep-alive pool.
			const preview = await postOnNewConnection(`${server.url}/api/import?collection=zones&filename=ring.geojson`, token, ring);
			expect(preview.status, preview.body.slice(0, 500)).toBe(201);
			const body = JSON.parse(preview.body);
			expect(body.issues.map((i: { code: string }) => i.code)).toEqual(['geometry.too-many-vertices']);
			await settle();
			return commit(client, body.token, { collection: 'zones', skipInvalid: true });
		}, 422, 'import.nothing-valid');
		expect(res.body.message).toMatch(/100000 vertices \(SANIMAP_MAX_VERTICES\)/);
	}, 240_000);
});

describe('bad coordinates and geometry', () => {
	it('latitude 123.4', async () => {
		const res = await expectRefused(uploadThenCommit(point([116.3, 123.4]), 'lat.geojson', 'bins', 'geometry.coordinates.range'), 422, 'import.nothing-valid');
		expect(res.body.message).toMatch(/Latitude 123.4/);
	});

	it('NaN in GeoJSON is not JSON', async () => {
		await expectRefused(() => upload(client, point([116.3, 40]).replace('40]', 'NaN]'), 'nan.geojson', { collection: 'bins' }), 400, 'import.json.malformed');
	});

	it('Infinity and NaN in a CSV', async () => {
		await expectRefused(uploadThenCommit('lon,lat\nInfinity,40\n116.3,NaN\n', 'inf.csv', 'bins', 'csv.coordinates.not-number'), 422, 'import.nothing-valid');
	});

	it('string coordinates in GeoJSON', async () => {
		await expectRefused(uploadThenCommit(point(['116.3', '40']), 'strings.geojson', 'bins', 'geometry.coordinates.not-number'), 422, 'import.nothing-valid');
	});

	it('a 20,000-deep GeometryCollection', async () => {
		const depth = 20_000;
		const text = `{"type":"Feature","properties":{},"geometry":${'{"type":"GeometryCollection","geometries":['.repeat(depth)}{"type":"Point","coordinates":[116.3,40]}${']}'.repeat(depth)}}`;
		await expectRefused(uploadThenCommit(text, 'deep.geojson', 'bins', 'geometry.type'), 422, 'import.nothing-valid');
	});

	it('a self-intersecting polygon is reported with where it crosses', async () => {
		const bowtie = JSON.stringify({ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [[[116, 40], [116.01, 40.01], [116.01, 40], [116, 40.01], [116, 40]]] } });
		const res = await expectRefused(uploadThenCommit(bowtie, 'bowtie.geojson', 'zones', 'geometry.self-intersection'), 422, 'import.nothing-valid');
		expect(res.body.message).toMatch(/crosses itself/);
	});

	it('a file with one bad row among good ones is refused whole unless the caller says to skip it', async () => {
		const preview = await upload(client, 'name,lon,lat\nA,116.3,40\nB,116.3,123.4\n', 'mixed.csv', { collection: 'bins' });
		expect(preview.body).toMatchObject({ valid: 1, rejected: 1 });
		const res = await expectRefused(() => commit(client, preview.body.token, { collection: 'bins' }), 422, 'import.rows-invalid');
		expect(res.body.details.issues[0]).toMatchObject({ row: 3, code: 'geometry.coordinates.range' });
	});
});
