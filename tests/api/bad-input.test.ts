/**
 * Bad input, one case per test: each must be refused with a 4xx `{ code, message }` whose message
 * a person can act on, store nothing (every layer and the changeset log read the same before and
 * after), and leave the server answering.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../helpers/server';
import { apiClient, expectApiError, line, point, type ApiClient, type ApiFeature, type ApiResponse } from './api-client';

let server: RunningServer;
/** A second server with small limits: SANIMAP_MAX_BODY_BYTES=10000, SANIMAP_MAX_VERTICES=50. */
let small: RunningServer;
let client: ApiClient;
let smallClient: ApiClient;
let bin: ApiFeature;
let smallBin: ApiFeature;

beforeAll(async () => {
	[server, small] = await Promise.all([
		startServer(),
		startServer({ env: { SANIMAP_MAX_BODY_BYTES: '10000', SANIMAP_MAX_VERTICES: '50' } })
	]);
	// Signed in as the first administrator, so each refusal is about the input, not the role.
	client = apiClient(server.url, await server.login());
	smallClient = apiClient(small.url, await small.login());
	bin = await client.create('bins', point(116.3, 40), { name: 'North gate', binType: 'refuse' });
	await client.patch(`/api/collections/bins/items/${bin.id}`, { properties: { status: 'damaged' } }, { 'if-match': '"1"' });
	await client.create('drains', line([116.3, 40], [116.31, 40.01]));
	smallBin = await smallClient.create('bins', point(116.3, 40));
});

afterAll(async () => {
	await Promise.all([server?.stop(), small?.stop()]);
});

/** Sends a bad request and checks it is refused with `status`/`code` and changes nothing. */
async function expectRefused(send: (c: ApiClient) => Promise<ApiResponse>, status: number, code: string, on: ApiClient = client) {
	const before = await on.snapshot();
	const res = await send(on);
	expectApiError(res, status, code);
	expect(await on.snapshot()).toEqual(before);
	expect((await on.get('/api')).status).toBe(200);
	return res;
}

const items = '/api/collections/bins/items';
const binPath = () => `${items}/${bin.id}`;
const rawPost = (body: string) => (c: ApiClient) => c.post(items, body);

describe('malformed bodies', () => {
	it('malformed JSON', async () => {
		const res = await expectRefused(rawPost('{"geometry": {"type": "Point", "coordinates": [116.3, 40]}'), 400, 'json.malformed');
		expect(res.body.message).toMatch(/not valid JSON/);
	});

	it('NaN is not JSON', async () => {
		await expectRefused(rawPost('{"geometry": {"type": "Point", "coordinates": [116.3, NaN]}}'), 400, 'json.malformed');
	});

	it('a JSON value that is not a feature', async () => {
		await expectRefused(rawPost('[1, 2, 3]'), 400, 'feature.invalid');
	});

	it('an empty body', async () => {
		await expectRefused((c) => c.send('POST', items, { headers: { 'content-type': 'application/json' } }), 400, 'body.missing');
	});

	it('a non-JSON Content-Type', async () => {
		const res = await expectRefused(
			(c) => c.send('POST', items, { body: 'lon,lat\n116.3,40\n', headers: { 'content-type': 'text/csv' } }),
			415,
			'body.content-type'
		);
		expect(res.body.message).toMatch(/application\/json/);
	});

	it('JSON sent as text/plain from the app’s own origin', async () => {
		await expectRefused(
			(c) =>
				c.send('POST', items, {
					body: JSON.stringify({ geometry: point(116.3, 40) }),
					headers: { 'content-type': 'text/plain', origin: server.url }
				}),
			415,
			'body.content-type'
		);
	});
});

describe('where it goes', () => {
	it('an unknown collection', async () => {
		const res = await expectRefused((c) => c.post('/api/collections/toilets/items', { geometry: point(116.3, 40) }), 404, 'collection.not-found');
		expect(res.body.message).toMatch(/toilets/);
	});

	it('a PATCH to a feature that does not exist', async () => {
		await expectRefused((c) => c.patch(`${items}/999999`, { properties: { status: 'damaged' } }, { 'if-match': '"1"' }), 404, 'feature.not-found');
	});
});

describe('geometry', () => {
	it('the wrong geometry type for the kind (a LineString to bins)', async () => {
		const res = await expectRefused((c) => c.post(items, { geometry: line([116.3, 40], [116.31, 40.01]) }), 400, 'feature.invalid');
		expect(res.body.details.issues).toMatchObject([{ code: 'geometry.type', path: 'geometry.type' }]);
		expect(res.body.message).toMatch(/Point or MultiPoint.*LineString/);
	});

	it('a latitude out of range (123.4)', async () => {
		const res = await expectRefused((c) => c.post(items, { geometry: point(116.3, 123.4) }), 400, 'feature.invalid');
		expect(res.body.details.issues).toMatchObject([{ code: 'geometry.coordinates.range' }]);
		expect(res.body.message).toMatch(/123\.4/);
	});

	it('a longitude out of range', async () => {
		const res = await expectRefused((c) => c.post(items, { geometry: point(-181, 40) }), 400, 'feature.invalid');
		expect(res.body.details.issues).toMatchObject([{ code: 'geometry.coordinates.range' }]);
	});

	it('a coordinate given as a string ([116.3, "40"])', async () => {
		const res = await expectRefused(rawPost('{"geometry": {"type": "Point", "coordinates": [116.3, "40"]}}'), 400, 'feature.invalid');
		expect(res.body.details.issues).toMatchObject([{ code: 'geometry.coordinates.not-number' }]);
	});

	it('a null coordinate', async () => {
		const res = await expectRefused(rawPost('{"geometry": {"type": "Point", "coordinates": [116.3, null]}}'), 400, 'feature.invalid');
		expect(res.body.details.issues).toMatchObject([{ code: 'geometry.coordinates.not-number' }]);
	});

	it('null coordinates', async () => {
		await expectRefused(rawPost('{"geometry": {"type": "Point", "coordinates": null}}'), 400, 'feature.invalid');
	});

	it('a coordinate too large to be finite (1e999)', async () => {
		const res = await expectRefused(rawPost('{"geometry": {"type": "Point", "coordinates": [1e999, 40]}}'), 400, 'feature.invalid');
		expect(res.body.details.issues).toMatchObject([{ code: 'geometry.coordinates.not-finite' }]);
	});

	it('no geometry', async () => {
		await expectRefused((c) => c.post(items, { properties: { name: 'nowhere' } }), 400, 'feature.invalid');
	});

	it('a line with one position', async () => {
		const res = await expectRefused((c) => c.post('/api/collections/drains/items', { geometry: { type: 'LineString', coordinates: [[116.3, 40]] } }), 400, 'feature.invalid');
		expect(res.body.details.issues).toMatchObject([{ code: 'geometry.line.too-short' }]);
	});

	it('a geometry over the default vertex limit (100,001 positions)', async () => {
		const coordinates = Array.from({ length: 100_001 }, (_, i) => [116.3 + (i % 1000) * 1e-5, 40 + Math.floor(i / 1000) * 1e-5]);
		const res = await expectRefused((c) => c.post('/api/collections/drains/items', { geometry: { type: 'LineString', coordinates } }), 400, 'feature.invalid');
		expect(res.body.details.issues).toMatchObject([{ code: 'geometry.too-many-vertices' }]);
		expect(res.body.message).toMatch(/100000/);
	});

	it('a geometry over a configured vertex limit (SANIMAP_MAX_VERTICES=50)', async () => {
		const coordinates = Array.from({ length: 51 }, (_, i) => [116.3 + i * 1e-4, 40]);
		const res = await expectRefused((c) => c.post('/api/collections/drains/items', { geometry: { type: 'LineString', coordinates } }), 400, 'feature.invalid', smallClient);
		expect(res.body.details.issues).toMatchObject([{ code: 'geometry.too-many-vertices' }]);
		// …and 50 is allowed.
		const ok = await smallClient.post('/api/collections/drains/items', { geometry: { type: 'LineString', coordinates: coordinates.slice(0, 50) } });
		expect(ok.status, ok.text).toBe(201);
	});

	it('a PATCH moving a feature out of range', async () => {
		await expectRefused((c) => c.patch(binPath(), { geometry: point(116.3, 123.4) }, { 'if-match': '"2"' }), 400, 'feature.invalid');
	});
});

describe('properties', () => {
	it('an unknown field', async () => {
		const res = await expectRefused((c) => c.post(items, { geometry: point(116.3, 40), properties: { colour: 'green' } }), 400, 'feature.invalid');
		expect(res.body.details.issues).toMatchObject([{ code: 'field.unknown', path: 'properties.colour' }]);
		expect(res.body.message).toMatch(/colour/);
	});

	it('an unknown top-level member', async () => {
		const res = await expectRefused((c) => c.post(items, { geometry: point(116.3, 40), style: { color: 'red' } }), 400, 'feature.invalid');
		expect(res.body.details.issues).toMatchObject([{ code: 'feature.unknown-member', path: 'style' }]);
	});

	it('a value of the wrong type (capacity as text)', async () => {
		const res = await expectRefused((c) => c.post(items, { geometry: point(116.3, 40), properties: { capacityL: 'big' } }), 400, 'feature.invalid');
		expect(res.body.details.issues).toMatchObject([{ code: 'field.type', path: 'properties.capacityL' }]);
		expect(res.body.message).toMatch(/Capacity must be a number/);
	});

	it('a value not allowed (status "exploded")', async () => {
		const res = await expectRefused((c) => c.post(items, { geometry: point(116.3, 40), properties: { status: 'exploded' } }), 400, 'feature.invalid');
		expect(res.body.details.issues).toMatchObject([{ code: 'field.enum', path: 'properties.status' }]);
		expect(res.body.message).toMatch(/planned, installed, damaged, removed/);
	});

	it('a value not allowed in a PATCH', async () => {
		await expectRefused((c) => c.patch(binPath(), { properties: { status: 'exploded' } }, { 'if-match': '"2"' }), 400, 'feature.invalid');
	});

	it('properties that are not an object', async () => {
		await expectRefused((c) => c.post(items, { geometry: point(116.3, 40), properties: ['litter'] }), 400, 'feature.invalid');
	});

	it('a name longer than allowed', async () => {
		const res = await expectRefused((c) => c.post(items, { geometry: point(116.3, 40), properties: { name: 'x'.repeat(201) } }), 400, 'feature.invalid');
		expect(res.body.details.issues).toMatchObject([{ code: 'field.too-long' }]);
	});
});

describe('versions', () => {
	it('If-Match that is not a version', async () => {
		const res = await expectRefused((c) => c.patch(binPath(), { properties: { status: 'planned' } }, { 'if-match': 'garbage' }), 400, 'version.invalid');
		expect(res.body.message).toMatch(/If-Match/);
	});

	it('If-Match * on DELETE', async () => {
		await expectRefused((c) => c.del(binPath(), { 'if-match': '*' }), 400, 'version.invalid');
	});

	it('a version member that is not a number', async () => {
		await expectRefused((c) => c.patch(binPath(), { version: '2', properties: { status: 'planned' } }), 400, 'version.invalid');
	});
});

describe('body size', () => {
	const bigBody = () => JSON.stringify({ geometry: point(116.3, 40), properties: { description: 'x'.repeat(50_000) } });

	it('a body larger than the limit, with Content-Length', async () => {
		const res = await expectRefused((c) => c.post(items, bigBody()), 413, 'body.too-large', smallClient);
		expect(res.body.message).toMatch(/10000 bytes.*SANIMAP_MAX_BODY_BYTES/);
		expect(res.body.details.limitBytes).toBe(10000);
	});

	it('a body larger than the limit, chunked without Content-Length', async () => {
		const bytes = new TextEncoder().encode(bigBody());
		const res = await expectRefused(
			(c) => {
				const body = new ReadableStream<Uint8Array>({
					start(controller) {
						for (let i = 0; i < bytes.length; i += 1000) controller.enqueue(bytes.slice(i, i + 1000));
						controller.close();
					}
				});
				return c.send('POST', items, { body, headers: { 'content-type': 'application/json' } });
			},
			413,
			'body.too-large',
			smallClient
		);
		expect(res.body.details.limitBytes).toBe(10000);
	});

	it('a body of several megabytes against a small limit', async () => {
		const huge = JSON.stringify({ geometry: point(116.3, 40), properties: { description: 'x'.repeat(4_000_000) } });
		await expectRefused((c) => c.post(items, huge), 413, 'body.too-large', smallClient);
	});

	it('a body under the limit is accepted on the same server', async () => {
		const res = await smallClient.patch(`${items}/${smallBin.id}`, { properties: { description: 'y'.repeat(4_000), name: 'z'.repeat(200) } }, { 'if-match': '"1"' });
		expect(res.status, res.text).toBe(200);
	});
});

describe('items query parameters', () => {
	it('an unknown filter parameter', async () => {
		const res = await expectRefused((c) => c.get(`${items}?colour=green`), 400, 'query.unknown-field');
		expect(res.body.message).toMatch(/colour/);
	});

	it('a bbox with three numbers', async () => {
		await expectRefused((c) => c.get(`${items}?bbox=116,40,117`), 400, 'query.bbox');
	});

	it('a bbox with words', async () => {
		await expectRefused((c) => c.get(`${items}?bbox=west,south,east,north`), 400, 'query.bbox');
	});

	it('a bbox with min after max', async () => {
		await expectRefused((c) => c.get(`${items}?bbox=117,40,116,41`), 400, 'query.bbox');
	});

	it('a bbox out of range', async () => {
		await expectRefused((c) => c.get(`${items}?bbox=116,40,117,95`), 400, 'query.bbox');
	});

	it('a limit of zero', async () => {
		await expectRefused((c) => c.get(`${items}?limit=0`), 400, 'query.limit');
	});

	it('a negative offset', async () => {
		await expectRefused((c) => c.get(`${items}?offset=-1`), 400, 'query.offset');
	});

	it('an offset too large to be exact', async () => {
		await expectRefused((c) => c.get(`${items}?offset=99999999999999999999`), 400, 'query.offset');
	});
});
