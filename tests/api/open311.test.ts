/**
 * Open311 GeoReport v2 against the real server: every endpoint in JSON and in XML, the JSON
 * validated against the GeoReport v2 schemas the Open311 community publishes
 * (tests/fixtures/open311/), the XML in the spec's element names; the spec's filters, defaults
 * and errors; keys issued, rate limited and revoked; a POST making a case the map API shows; public
 * reports with their tracking tokens, reporters' contacts for managers only, and a case marked as
 * spam gone from every public answer.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { DOMParser, type Document, type Element } from '@xmldom/xmldom';
import sharp from 'sharp';
import { appRoot, startServer, type RunningServer } from '../helpers/server';
import { apiClient, point, type ApiClient } from './api-client';

const NOW = '2026-11-20T02:00:00Z';
const SUMMARY = '/api/reports/summary?from=2026-11-01&to=2026-12-01';
const schemaDir = join(appRoot, 'tests', 'fixtures', 'open311');
const schema = (name: string) => JSON.parse(readFileSync(join(schemaDir, name), 'utf8'));
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
ajv.addSchema(schema('request.json'), 'request.json');
ajv.addSchema(schema('service.json'), 'service.json');
const validators = {
	services: ajv.compile(schema('services.json')),
	definition: ajv.compile(schema('service-definition.json')),
	requests: ajv.compile(schema('requests.json'))
};

function expectValid(which: keyof typeof validators, body: unknown) {
	const validate = validators[which];
	expect(validate(body), JSON.stringify(validate.errors)).toBe(true);
}

/** An offset date such as 2026-11-20T10:00:00+08:00 (the project's zone, Asia/Shanghai). */
const W3_IN_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/;

let server: RunningServer;
let admin: ApiClient;
let planner: ApiClient;
let field: ApiClient;
let anonymous: ApiClient;

const ZONE = {
	type: 'Polygon',
	coordinates: [
		[
			[116.349, 39.999],
			[116.351, 39.999],
			[116.351, 40.001],
			[116.349, 40.001],
			[116.349, 39.999]
		]
	]
};

beforeAll(async () => {
	server = await startServer({ env: { SANIMAP_NOW: NOW } });
	admin = apiClient(server.url, await server.login());
	planner = apiClient(server.url, (await server.createUser('li', 'planner')).token);
	field = apiClient(server.url, (await server.createUser('wang', 'field')).token);
	anonymous = apiClient(server.url);
	await admin.create('zones', ZONE, { name: '东街片区', responsible: '王芳', population: 2000 });
});

afterAll(async () => {
	await server?.stop();
});

function xml(text: string): Document {
	expect(text.startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true);
	return new DOMParser().parseFromString(text, 'text/xml');
}
const childNames = (el: Element) => Array.from(el.childNodes).filter((n): n is Element => n.nodeType === 1).map((n) => n.nodeName);
const textOf = (doc: Document, tag: string, i = 0) => doc.getElementsByTagName(tag)[i]?.textContent ?? null;

async function issueKey(name: string, ratePerHour?: number): Promise<{ id: number; key: string }> {
	const res = await admin.post('/api/open311/keys', { name, ...(ratePerHour ? { ratePerHour } : {}) });
	expect(res.status, res.text).toBe(201);
	return res.body;
}

async function postRequest(fields: Record<string, string>, format: 'json' | 'xml' = 'json') {
	return anonymous.send('POST', `/open311/v2/requests.${format}`, {
		body: new URLSearchParams(fields).toString(),
		headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }
	});
}

function expectSpecError(res: { status: number; body: any; headers: Headers }, status: number) {
	expect(res.status).toBe(status);
	expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
	expect(Array.isArray(res.body)).toBe(true);
	expect(res.body[0].code).toBe(status);
	expect(res.body[0].description.length).toBeGreaterThan(10);
}

async function jpeg() {
	return new Uint8Array(await sharp({ create: { width: 32, height: 32, channels: 3, background: { r: 90, g: 120, b: 40 } } }).jpeg().toBuffer());
}

async function publicReport(body: Record<string, unknown>, device = 'device-aaaa-0001') {
	const res = await anonymous.post('/api/public/reports', body, { 'x-sanimap-device': device });
	expect(res.status, res.text).toBe(201);
	return res.body as { id: number; token: string; trackUrl: string };
}

describe('discovery and services', () => {
	it('describes the endpoint in JSON and XML', async () => {
		const res = await anonymous.get('/open311/v2/discovery.json');
		expect(res.status).toBe(200);
		expect(res.body.endpoints[0]).toMatchObject({ specification: 'http://wiki.open311.org/GeoReport_v2', url: `${server.url}/open311/v2`, formats: ['text/xml', 'application/json'] });
		expect(res.body.changeset).toMatch(W3_IN_ZONE);
		const x = await anonymous.get('/open311/v2/discovery.xml');
		expect(x.headers.get('content-type')).toBe('text/xml; charset=utf-8');
		const doc = xml(x.text);
		expect(doc.documentElement!.nodeName).toBe('discovery');
		expect(childNames(doc.getElementsByTagName('formats')[0] as Element)).toEqual(['format', 'format']);
		expect(textOf(doc, 'url')).toBe(`${server.url}/open311/v2`);
	});

	it('lists the hotspot categories as services, in Chinese by default and in English when asked', async () => {
		const zh = await anonymous.get('/open311/v2/services.json');
		expect(zh.status).toBe(200);
		expectValid('services', zh.body);
		expect(zh.body.find((s: any) => s.service_code === 'exposed-rubbish')).toMatchObject({ service_name: '暴露垃圾', metadata: true, type: 'realtime' });
		const en = await anonymous.get('/open311/v2/services.json', { 'accept-language': 'en-GB,en;q=0.8' });
		expect(en.body.find((s: any) => s.service_code === 'exposed-rubbish').service_name).toBe('Exposed rubbish');
		const byParam = await anonymous.get('/open311/v2/services.json?locale=en', { 'accept-language': 'zh-CN' });
		expect(byParam.body.find((s: any) => s.service_code === 'standing-water').service_name).toBe('Standing water');

		const doc = xml((await anonymous.get('/open311/v2/services.xml')).text);
		expect(doc.documentElement!.nodeName).toBe('services');
		const first = doc.getElementsByTagName('service')[0] as Element;
		expect(childNames(first)).toEqual(['service_code', 'service_name', 'description', 'metadata', 'type', 'keywords', 'group']);
		expect(doc.getElementsByTagName('service').length).toBe(zh.body.length);
	});

	it('gives each service its own questions, severity last, in JSON and XML, and the spec error for an unknown one', async () => {
		const services = (await anonymous.get('/open311/v2/services.json')).body as { service_code: string }[];
		for (const { service_code } of services) {
			const res = await anonymous.get(`/open311/v2/services/${service_code}.json?locale=en`);
			expect(res.status, service_code).toBe(200);
			expectValid('definition', res.body);
			expect(res.body.service_code).toBe(service_code);
			const attributes = res.body.attributes as any[];
			expect(attributes.length, service_code).toBeGreaterThan(1);
			expect(attributes.map((a) => a.order)).toEqual(attributes.map((_, i) => i + 1));
			expect(attributes.every((a) => a.variable === true && a.datatype === 'singlevaluelist' && a.values.length > 1 && typeof a.description === 'string')).toBe(true);
			expect(attributes.at(-1)).toMatchObject({ code: 'severity', required: false, description: 'Severity', values: [{ key: 'low', name: 'Low' }, { key: 'medium', name: 'Medium' }, { key: 'high', name: 'High' }] });
		}
		const bins = await anonymous.get('/open311/v2/services/exposed-rubbish.json?locale=en');
		expect(bins.body.attributes.map((a: any) => [a.code, a.required])).toEqual([['bin-fill', true], ['bin-lid-broken', false], ['severity', false]]);
		expect(bins.body.attributes[0]).toMatchObject({ description: 'How full is the bin', values: [{ key: 'overflowing', name: 'Overflowing onto the ground' }, { key: 'full', name: 'Full' }, { key: 'no-bin', name: 'There is no bin here' }] });
		const drain = await anonymous.get('/open311/v2/services/standing-water.json');
		expect(drain.body.attributes.map((a: any) => a.code)).toEqual(['drain-blocked', 'smell', 'severity']);
		expect(drain.body.attributes[0]).toMatchObject({ description: '排水沟或下水口堵了吗', required: true });
		expect(drain.body.attributes[0].values[0]).toEqual({ key: 'yes', name: '堵了' });
		const dumping = await anonymous.get('/open311/v2/services/dumped-debris.json?locale=en');
		expect(dumping.body.attributes[0]).toMatchObject({ code: 'waste-kind', description: 'What kind of waste', required: true });

		const doc = xml((await anonymous.get('/open311/v2/services/mosquito-breeding.xml')).text);
		expect(doc.documentElement!.nodeName).toBe('service_definition');
		expect(childNames(doc.getElementsByTagName('attributes')[0] as Element)).toEqual(['attribute', 'attribute', 'attribute']);
		const first = doc.getElementsByTagName('attribute')[0] as Element;
		expect(childNames(first)).toEqual(['variable', 'code', 'datatype', 'required', 'datatype_description', 'order', 'description', 'values']);
		expect(textOf(doc, 'code')).toBe('breeding-site');
		expect(textOf(doc, 'required')).toBe('false');
		expect(textOf(doc, 'description')).toBe('孳生在哪里');
		expect(childNames(doc.getElementsByTagName('values')[0] as Element)).toEqual(['value', 'value', 'value', 'value']);
		expect(textOf(doc, 'key')).toBe('containers');
		expect(textOf(doc, 'name')).toBe('积水容器');
		const severity = doc.getElementsByTagName('attribute')[2] as Element;
		expect(severity.getElementsByTagName('code')[0].textContent).toBe('severity');
		expect(severity.getElementsByTagName('name')[0].textContent).toBe('轻');
		const required = xml((await anonymous.get('/open311/v2/services/exposed-rubbish.xml')).text);
		expect(textOf(required, 'required')).toBe('true');

		expectSpecError(await anonymous.get('/open311/v2/services/potholes.json'), 404);
		const x = await anonymous.get('/open311/v2/services/potholes.xml');
		expect(x.status).toBe(404);
		const err = xml(x.text);
		expect(err.documentElement!.nodeName).toBe('errors');
		expect(textOf(err, 'code')).toBe('404');
		expect(textOf(err, 'description')).toMatch(/potholes/);
		expect((await anonymous.get('/open311/v2/services.csv')).status).toBe(404);
	});
});

describe('posting requests with a key', () => {
	it('refuses a POST without a key, with an unknown key and with a revoked one, in the spec format, storing nothing', async () => {
		const before = (await anonymous.get('/api/collections/hotspots/items')).body.numberMatched;
		const fields = { service_code: 'exposed-rubbish', lat: '40.0', long: '116.35', description: 'Rubbish by the gate' };
		expectSpecError(await postRequest(fields), 403);
		expectSpecError(await postRequest({ ...fields, api_key: 'o311_not-a-key' }), 403);
		const x = await postRequest(fields, 'xml');
		expect(x.status).toBe(403);
		expect(xml(x.text).documentElement!.nodeName).toBe('errors');

		const { id, key } = await issueKey('revoked client');
		expect((await admin.del(`/api/open311/keys/${id}`)).status).toBe(200);
		const revoked = await postRequest({ ...fields, api_key: key });
		expectSpecError(revoked, 403);
		expect(revoked.body[0].description).toMatch(/revoked/);
		expect((await anonymous.get('/api/collections/hotspots/items')).body.numberMatched).toBe(before);
	});

	it('creates a case the map API shows, and answers it as a request in JSON and XML', async () => {
		const { key } = await issueKey('12345 hotline');
		const res = await postRequest({
			api_key: key,
			service_code: 'dumped-debris',
			lat: '40.0002',
			long: '116.3501',
			description: 'Bricks piled at the corner',
			email: 'resident@example.org',
			phone: '13800000000',
			'attribute[waste-kind]': 'construction',
			'attribute[severity]': 'high'
		});
		expect(res.status, res.text).toBe(201);
		expect(res.body).toHaveLength(1);
		const id = res.body[0].service_request_id;
		expect(id).toMatch(/^\d+$/);
		expect(res.body[0].token).toBeUndefined();

		const item = await anonymous.get(`/api/collections/hotspots/items/${id}`);
		expect(item.status).toBe(200);
		expect(item.body.geometry.coordinates).toEqual([116.3501, 40.0002]);
		expect(item.body.properties).toMatchObject({ category: 'dumped-debris', severity: 'high', reportAnswers: { 'waste-kind': 'construction' }, status: 'reported', reportSource: 'open311', reporterCount: 1, responsible: '王芳' });
		expect(item.text).not.toContain('resident@example.org');
		expect(item.text).not.toContain('13800000000');

		const one = await anonymous.get(`/open311/v2/requests/${id}.json`);
		expect(one.status).toBe(200);
		expectValid('requests', one.body);
		expect(one.body[0]).toMatchObject({ service_request_id: id, status: 'open', service_code: 'dumped-debris', service_name: '乱堆乱放', agency_responsible: '王芳', address: '东街片区', lat: 40.0002, long: 116.3501 });
		expect(one.body[0].requested_datetime).toMatch(W3_IN_ZONE);
		expect(one.body[0].expected_datetime).toMatch(W3_IN_ZONE);
		expect(one.text).not.toContain('resident@example.org');

		const doc = xml((await anonymous.get(`/open311/v2/requests/${id}.xml`)).text);
		expect(doc.documentElement!.nodeName).toBe('service_requests');
		const request = doc.getElementsByTagName('request')[0] as Element;
		expect(childNames(request)).toEqual([
			'service_request_id', 'status', 'status_notes', 'service_name', 'service_code', 'description', 'agency_responsible', 'service_notice',
			'requested_datetime', 'updated_datetime', 'expected_datetime', 'address', 'address_id', 'zipcode', 'lat', 'long', 'media_url'
		]);
		expect(textOf(doc, 'status')).toBe('open');

		// The contact reaches managers only.
		expect((await anonymous.get(`/api/hotspots/${id}/reporters`)).status).toBe(401);
		expect((await field.get(`/api/hotspots/${id}/reporters`)).status).toBe(403);
		const reporters = await planner.get(`/api/hotspots/${id}/reporters`);
		expect(reporters.status).toBe(200);
		expect(reporters.body.reporters[0]).toMatchObject({ role: 'open311', contact: 'resident@example.org · 13800000000' });
	});

	it('validates a request like any hotspot report, with the spec error answers', async () => {
		const { key } = await issueKey('validating client');
		expectSpecError(await postRequest({ api_key: key, service_code: 'potholes', lat: '40', long: '116.35' }), 404);
		expectSpecError(await postRequest({ api_key: key, lat: '40', long: '116.35' }), 400);
		expectSpecError(await postRequest({ api_key: key, service_code: 'small-ads', address_string: '1 East Street' }), 400);
		expectSpecError(await postRequest({ api_key: key, service_code: 'small-ads', lat: '95', long: '116.35' }), 400);
		expectSpecError(await postRequest({ api_key: key, service_code: 'small-ads', lat: '40', long: '116.35', description: 'x'.repeat(4001) }), 400);
		expectSpecError(await postRequest({ api_key: key, service_code: 'small-ads', lat: '40', long: '116.35', 'attribute[severity]': 'apocalyptic' }), 400);
		const wrongType = await anonymous.send('POST', '/open311/v2/requests.json', { body: JSON.stringify({ api_key: key }), headers: { 'content-type': 'application/json' } });
		expectSpecError(wrongType, 400);
	});

	it('checks the attributes against the service’s questions: an unknown code or value or a missing required one is the spec’s 400, storing nothing', async () => {
		const { key } = await issueKey('attribute client');
		const before = (await anonymous.get('/api/collections/hotspots/items')).body.numberMatched;
		const base = { api_key: key, service_code: 'exposed-rubbish', lat: '40.0003', long: '116.3503' };
		const refused = [
			[{ ...base }, /must answer bin-fill/],
			[{ ...base, 'attribute[bin-fill]': '' }, /must answer bin-fill/],
			[{ ...base, 'attribute[bin-fill]': 'half' }, /"half" is not an answer to bin-fill; answer one of: overflowing, full, no-bin/],
			[{ ...base, 'attribute[bin-fill]': 'full', 'attribute[waste-kind]': 'construction' }, /"waste-kind" is not a question of exposed-rubbish reports; their questions are: bin-fill, bin-lid-broken, severity/],
			[{ ...base, 'attribute[bin-fill]': 'full', 'attribute[severity]': 'apocalyptic' }, /not an answer to severity/]
		] as const;
		for (const [fields, message] of refused) {
			const res = await postRequest(fields);
			expectSpecError(res, 400);
			expect(res.body[0].description, JSON.stringify(fields)).toMatch(message);
		}
		const x = await postRequest({ ...base, 'attribute[bin-fill]': 'half' }, 'xml');
		expect(x.status).toBe(400);
		expect(textOf(xml(x.text), 'description')).toMatch(/not an answer to bin-fill/);
		expect((await anonymous.get('/api/collections/hotspots/items')).body.numberMatched).toBe(before);

		const made = await postRequest({ ...base, 'attribute[bin-fill]': 'overflowing', 'attribute[bin-lid-broken]': 'yes', 'attribute[severity]': 'low' });
		expect(made.status, made.text).toBe(201);
		const item = await anonymous.get(`/api/collections/hotspots/items/${made.body[0].service_request_id}`);
		expect(item.body.properties).toMatchObject({ severity: 'low', reportAnswers: { 'bin-fill': 'overflowing', 'bin-lid-broken': 'yes' } });
		// What only a report sets is not changed by a plain edit.
		const edit = await admin.patch(`/api/collections/hotspots/items/${item.body.id}`, { properties: { reportAnswers: { 'bin-fill': 'full' } } }, { 'if-match': `"${item.body.version}"` });
		expect(edit.status, edit.text).toBe(409);
		expect(edit.body.code).toBe('hotspot.use-transition');
	});

	it('holds each key to its hourly rate', async () => {
		const { key } = await issueKey('small client', 2);
		const fields = { api_key: key, service_code: 'small-ads', lat: '40.0', long: '116.35' };
		expect((await postRequest(fields)).status).toBe(201);
		expect((await postRequest(fields)).status).toBe(201);
		const third = await postRequest(fields);
		expectSpecError(third, 429);
		expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);
	});

	it('lists keys without the key itself, for administrators only', async () => {
		const { key } = await issueKey('listed client');
		const res = await admin.get('/api/open311/keys');
		expect(res.status).toBe(200);
		expect(res.body.keys.find((k: any) => k.name === 'listed client')).toMatchObject({ revokedAt: null, ratePerHour: 120 });
		expect(res.text).not.toContain(key);
		expect((await planner.get('/api/open311/keys')).status).toBe(403);
		expect((await anonymous.post('/api/open311/keys', { name: 'x' })).status).toBe(401);
		expect((await admin.post('/api/open311/keys', { name: '' })).status).toBe(400);
		expect((await admin.del('/api/open311/keys/99999')).status).toBe(404);
	});
});

describe('querying requests', () => {
	it('filters by status, service code, dates and ids, with the spec defaults and limits', async () => {
		const { key } = await issueKey('query client');
		const made = await postRequest({ api_key: key, service_code: 'standing-water', lat: '40.0004', long: '116.3502', description: 'Puddle after rain', 'attribute[drain-blocked]': 'no' });
		const id = made.body[0].service_request_id as string;
		// Move it through to verified: closed, with the timeline's last note.
		const photo = await admin.send('POST', '/api/photos', { body: await jpeg(), headers: { 'content-type': 'image/jpeg' } });
		let version = (await admin.get(`/api/collections/hotspots/items/${id}`)).body.version;
		for (const move of [{ to: 'assigned' }, { to: 'resolved', note: 'Drained and levelled', photoIds: [photo.body.id] }, { to: 'verified' }]) {
			const r = await admin.post(`/api/hotspots/${id}/transition`, { ...move, version });
			expect(r.status, r.text).toBe(200);
			version = r.body.version;
		}

		const all = await anonymous.get('/open311/v2/requests.json');
		expect(all.status).toBe(200);
		expectValid('requests', all.body);
		expect(all.body.length).toBeGreaterThan(2);
		const closed = await anonymous.get('/open311/v2/requests.json?status=closed');
		expectValid('requests', closed.body);
		expect(closed.body.map((r: any) => r.service_request_id)).toEqual([id]);
		expect(closed.body[0]).toMatchObject({ status: 'closed', status_notes: 'Drained and levelled', expected_datetime: null });
		const open = await anonymous.get('/open311/v2/requests.json?status=open&service_code=dumped-debris,small-ads');
		expect(open.body.length).toBeGreaterThan(0);
		expect(open.body.every((r: any) => r.status === 'open' && ['dumped-debris', 'small-ads'].includes(r.service_code))).toBe(true);
		expect((await anonymous.get('/open311/v2/requests.json?status=open,closed')).body.length).toBe(all.body.length);

		// Dates: the cases were reported "now" (20 November, Beijing time); an earlier window has none.
		expect((await anonymous.get('/open311/v2/requests.json?start_date=2026-11-20T00:00:00%2B08:00&end_date=2026-11-21T00:00:00%2B08:00')).body.length).toBe(all.body.length);
		expect((await anonymous.get('/open311/v2/requests.json?start_date=2026-09-01T00:00:00Z&end_date=2026-10-01T00:00:00Z')).body).toEqual([]);
		expect((await anonymous.get('/open311/v2/requests.json?end_date=2026-08-01T00:00:00Z')).body).toEqual([]);
		expectSpecError(await anonymous.get('/open311/v2/requests.json?start_date=2026-01-01T00:00:00Z&end_date=2026-11-01T00:00:00Z'), 400);
		expectSpecError(await anonymous.get('/open311/v2/requests.json?start_date=yesterday'), 400);
		expectSpecError(await anonymous.get('/open311/v2/requests.json?status=pending'), 400);
		expectSpecError(await anonymous.get('/open311/v2/requests.json?service_code=potholes'), 404);

		// service_request_id overrides every other argument.
		const byId = await anonymous.get(`/open311/v2/requests.json?service_request_id=${id},999999&status=open&service_code=small-ads`);
		expect(byId.body.map((r: any) => r.service_request_id)).toEqual([id]);

		const doc = xml((await anonymous.get('/open311/v2/requests.xml?status=closed')).text);
		expect(doc.documentElement!.nodeName).toBe('service_requests');
		expect(doc.getElementsByTagName('request').length).toBe(1);
		expect(textOf(doc, 'status_notes')).toBe('Drained and levelled');
		expect(textOf(doc, 'requested_datetime')).toMatch(W3_IN_ZONE);

		expectSpecError(await anonymous.get('/open311/v2/requests/999999.json'), 404);
		expect(xml((await anonymous.get('/open311/v2/requests/abc.xml')).text).documentElement!.nodeName).toBe('errors');
	});
});

describe('public reports', () => {
	it('answers a tracking token as the spec token resource, and follows the case up', async () => {
		const made = await publicReport({ category: 'blind-spot', lon: 116.3498, lat: 39.9995, description: 'Corner behind the market', contact: '13912345678' });
		expect(made.trackUrl).toBe(`/report-issue/track/${made.token}`);

		const tok = await anonymous.get(`/open311/v2/tokens/${made.token}.json`);
		expect(tok.status).toBe(200);
		expect(tok.body).toEqual([{ service_request_id: String(made.id), token: made.token }]);
		const doc = xml((await anonymous.get(`/open311/v2/tokens/${made.token}.xml`)).text);
		expect(childNames(doc.getElementsByTagName('request')[0] as Element)).toEqual(['service_request_id', 'token']);
		expectSpecError(await anonymous.get('/open311/v2/tokens/no-such-token-0000.json'), 404);

		// A second resident is offered the open case nearby and adds themselves to it.
		const near = await anonymous.get('/api/public/nearby?category=blind-spot&lon=116.34985&lat=39.99952');
		expect(near.body.cases.map((c: any) => c.id)).toEqual([made.id]);
		expect(near.text).not.toContain('Corner behind the market');
		expect((await anonymous.get('/api/public/nearby?category=small-ads&lon=116.34985&lat=39.99952')).body.cases.map((c: any) => c.id)).not.toContain(made.id);
		const joined = await anonymous.post(`/api/public/reports/${made.id}/join`, { contact: 'neighbour@example.org' }, { 'x-sanimap-device': 'device-bbbb-0002' });
		expect(joined.status, joined.text).toBe(201);
		expect(joined.body.token).not.toBe(made.token);

		const tracked = await anonymous.get(joined.body.trackUrl.replace('/report-issue/track/', '/api/public/track/'));
		expect(tracked.status).toBe(200);
		expect(tracked.body).toMatchObject({ id: made.id, status: 'reported', reporterCount: 2, canAnswer: false, resolutionPhotos: [], zoneName: '东街片区' });
		for (const secret of ['13912345678', 'neighbour@example.org', 'Corner behind the market']) expect(tracked.text).not.toContain(secret);
		expect((await anonymous.post(`/api/public/track/${made.token}/answer`, { answer: 'fixed' })).status).toBe(409);

		// Verified by a manager: the resolution photo shows, and the resident answers.
		const photo = await admin.send('POST', '/api/photos', { body: await jpeg(), headers: { 'content-type': 'image/jpeg' } });
		let version = (await admin.get(`/api/collections/hotspots/items/${made.id}`)).body.version;
		for (const move of [{ to: 'assigned' }, { to: 'resolved', note: 'Cleared', photoIds: [photo.body.id] }, { to: 'verified' }]) {
			const r = await admin.post(`/api/hotspots/${made.id}/transition`, { ...move, version });
			expect(r.status, r.text).toBe(200);
			version = r.body.version;
		}
		const verified = await anonymous.get(`/api/public/track/${made.token}`);
		expect(verified.body).toMatchObject({ status: 'verified', canAnswer: true, resolutionNote: 'Cleared', resolutionPhotos: [`/api/photos/${photo.body.id}`] });
		expect((await anonymous.post(`/api/public/track/${made.token}/answer`, { answer: 'maybe' })).status).toBe(400);
		const before = (await anonymous.get(SUMMARY)).body;
		const answered = await anonymous.post(`/api/public/track/${made.token}/answer`, { answer: 'not-fixed' });
		expect(answered.status, answered.text).toBe(200);
		// "Not fixed" reopens the case: assigned again to the same person, with a new deadline from now.
		expect(answered.body).toMatchObject({ residentAnswer: 'not-fixed', canAnswer: false, status: 'assigned', resolutionNote: null, resolutionPhotos: [] });
		const at: string = answered.body.reopenedAt;
		expect(Date.parse(at)).toBeGreaterThanOrEqual(Date.parse(NOW));
		const reopened = (await anonymous.get(`/api/collections/hotspots/items/${made.id}`)).body.properties;
		expect(reopened).toMatchObject({
			status: 'assigned',
			responsible: '王芳',
			residentAnswer: 'not-fixed',
			residentAnsweredAt: at,
			residentReopenedAt: at,
			assignedAt: at,
			dueAt: new Date(Date.parse(at) + 7 * 86_400_000).toISOString(),
			reporterCount: 2,
			reportSource: 'public'
		});
		expect(reopened.verifiedAt).toBeUndefined();
		expect(reopened.resolutionNote).toBeUndefined();
		const timeline = (await anonymous.get(`/api/hotspots/${made.id}/timeline`)).body.timeline as any[];
		expect(timeline.at(-1)).toMatchObject({ type: 'transition', from: 'verified', to: 'assigned', author: 'resident', reopenedByResident: true, comment: 'Reopened by a resident: not fixed' });
		// Open311 shows it open again, with a note saying why.
		const asRequest = await anonymous.get(`/open311/v2/requests/${made.id}.json?locale=en`);
		expectValid('requests', asRequest.body);
		expect(asRequest.body[0]).toMatchObject({ status: 'open', status_notes: 'Reopened: a resident says it is not fixed; assigned again' });
		expect(asRequest.body[0].expected_datetime).toMatch(W3_IN_ZONE);
		expect((await anonymous.get(`/open311/v2/requests/${made.id}.json`)).body[0].status_notes).toBe('群众回访未解决，已重新派单整改');
		// A case takes one answer: the other reporter, or the same one again, is refused.
		for (const token of [made.token, joined.body.token]) {
			const again = await anonymous.post(`/api/public/track/${token}/answer`, { answer: 'fixed' });
			expect(again.status).toBe(409);
			expect(again.body).toMatchObject({ code: 'report.already-answered' });
			expect(again.body.message).toMatch(/already been answered/);
		}

		// The report counts it as reopened by residents, once.
		const summary = await anonymous.get(SUMMARY);
		expect(summary.status, summary.text).toBe(200);
		expect(summary.body.totals.hotspotsReopenedByResidents).toBe(before.totals.hotspotsReopenedByResidents + 1);
		expect(summary.body.items.filter((i: any) => i.figure === 'hotspotsReopenedByResidents').map((i: any) => i.id)).toEqual([made.id]);
		// Staff and residents' reports apart, adding up to the cases reported.
		expect(summary.body.totals.hotspotsFromStaff + summary.body.totals.hotspotsFromPublic).toBe(summary.body.totals.hotspotsReported);
		expect(summary.body.items.filter((i: any) => i.figure === 'hotspotsFromPublic').map((i: any) => i.id)).toContain(made.id);
		expect(summary.body.items.filter((i: any) => i.figure === 'hotspotsFromStaff').map((i: any) => i.id)).not.toContain(made.id);

		const reporters = await planner.get(`/api/hotspots/${made.id}/reporters`);
		expect(reporters.body.reporters.map((r: any) => [r.role, r.contact])).toEqual([
			['report', '13912345678'],
			['join', 'neighbour@example.org']
		]);
	});

	it('keeps "fixed" verified, and takes it once', async () => {
		const made = await publicReport({ category: 'small-ads', lon: 116.3501, lat: 40.0001, answers: { 'ad-surface': 'pole' } }, 'device-fixd-0006');
		const photo = await admin.send('POST', '/api/photos', { body: await jpeg(), headers: { 'content-type': 'image/jpeg' } });
		let version = (await admin.get(`/api/collections/hotspots/items/${made.id}`)).body.version;
		for (const move of [{ to: 'assigned' }, { to: 'resolved', note: 'Scraped off', photoIds: [photo.body.id] }, { to: 'verified' }]) {
			const r = await admin.post(`/api/hotspots/${made.id}/transition`, { ...move, version });
			expect(r.status, r.text).toBe(200);
			version = r.body.version;
		}
		// Only a resident's answer reopens a verified case, never staff.
		const staffReopen = await admin.post(`/api/hotspots/${made.id}/transition`, { to: 'assigned', note: 'again', version });
		expect(staffReopen.status).toBe(409);
		expect(staffReopen.body.code).toBe('transition.not-allowed');
		const fixed = await anonymous.post(`/api/public/track/${made.token}/answer`, { answer: 'fixed' });
		expect(fixed.status, fixed.text).toBe(200);
		expect(fixed.body).toMatchObject({ status: 'verified', residentAnswer: 'fixed', reopenedAt: null, canAnswer: false });
		const again = await anonymous.post(`/api/public/track/${made.token}/answer`, { answer: 'not-fixed' });
		expect(again.status).toBe(409);
		expect(again.body.code).toBe('report.already-answered');
		expect((await anonymous.get(`/api/collections/hotspots/items/${made.id}`)).body.properties).toMatchObject({ status: 'verified', residentAnswer: 'fixed' });
		expect((await anonymous.get(`/open311/v2/requests/${made.id}.json`)).body[0].status).toBe('closed');
	});

	it('checks a resident’s answers with the same rules as Open311, storing nothing on a refusal, and keeps the answers on the case', async () => {
		const before = (await anonymous.get('/api/collections/hotspots/items')).body.numberMatched;
		const at = { lon: 116.3502, lat: 40.0002 };
		for (const [body, code, question] of [
			[{ category: 'standing-water', ...at }, 'answer.required', 'drain-blocked'],
			[{ category: 'standing-water', ...at, answers: { 'drain-blocked': 'maybe' } }, 'answer.unknown-value', 'drain-blocked'],
			[{ category: 'standing-water', ...at, answers: { 'drain-blocked': 'yes', 'bin-fill': 'full' } }, 'answer.unknown-question', 'bin-fill'],
			[{ category: 'standing-water', ...at, answers: { 'drain-blocked': 'yes', severity: 'apocalyptic' } }, 'answer.unknown-value', 'severity'],
			[{ category: 'standing-water', ...at, answers: ['yes'] }, 'answer.invalid', undefined],
			// Severity beside the answers, as clients sent it before the questions, is checked as one of them.
			[{ category: 'standing-water', ...at, answers: { 'drain-blocked': 'yes' }, severity: 'apocalyptic' }, 'answer.unknown-value', 'severity']
		] as const) {
			const res = await anonymous.post('/api/public/reports', body, { 'x-sanimap-device': 'device-answ-0007' });
			expect(res.status, JSON.stringify(body)).toBe(400);
			expect(res.body.code).toBe(code);
			expect(res.body.params?.question).toBe(question);
			expect(res.body.message.length).toBeGreaterThan(10);
		}
		expect((await anonymous.get('/api/collections/hotspots/items')).body.numberMatched).toBe(before);
		const made = await publicReport({ category: 'standing-water', ...at, answers: { 'drain-blocked': 'yes', smell: 'no' }, severity: 'high' }, 'device-answ-0007');
		const stored = (await anonymous.get(`/api/collections/hotspots/items/${made.id}`)).body.properties;
		expect(stored).toMatchObject({ severity: 'high', reportAnswers: { 'drain-blocked': 'yes', smell: 'no' } });
		expect(stored.reportAnswers.severity).toBeUndefined();
	});

	it('refuses bad public reports with a reason, storing nothing', async () => {
		const before = (await anonymous.get('/api/collections/hotspots/items')).body.numberMatched;
		for (const body of [
			{ category: 'potholes', lon: 116.35, lat: 40 },
			{ category: 'small-ads', lon: 200, lat: 40 },
			{ category: 'small-ads', lon: 116.35, lat: 40, contact: 'x'.repeat(201) },
			{ category: 'small-ads', lon: 116.35, lat: 40, photos: ['00000000-0000-0000-0000-000000000000'] },
			{ category: 'small-ads', lon: 116.35, lat: 40, description: 'x'.repeat(4001) }
		]) {
			const res = await anonymous.post('/api/public/reports', body);
			expect(res.status, JSON.stringify(body)).toBe(400);
			expect(typeof res.body.message).toBe('string');
		}
		expect((await anonymous.get('/api/collections/hotspots/items')).body.numberMatched).toBe(before);
		// What only the server sets is not taken from a resident: the case lands reported, as a public report.
		const made = await publicReport({ category: 'small-ads', lon: 116.35, lat: 40, status: 'verified', reportSource: 'staff', reporterCount: 50, residentReopenedAt: NOW, reportAnswers: { x: 'y' } }, 'device-cccc-0005');
		const stored = (await anonymous.get(`/api/collections/hotspots/items/${made.id}`)).body.properties;
		expect(stored).toMatchObject({ status: 'reported', reportSource: 'public', reporterCount: 1 });
		expect(stored.residentReopenedAt).toBeUndefined();
		expect(stored.reportAnswers).toBeUndefined();
	});

	it('limits reports per device', async () => {
		const device = 'device-limit-0003';
		for (let i = 0; i < 10; i++) await publicReport({ category: 'small-ads', lon: 116.36 + i * 0.001, lat: 40.01 }, device);
		const res = await anonymous.post('/api/public/reports', { category: 'small-ads', lon: 116.37, lat: 40.02 }, { 'x-sanimap-device': device });
		expect(res.status).toBe(429);
		expect(res.body.code).toBe('report.rate-limited');
	});

	it('hides a case marked as spam, and its photo, from every public answer', async () => {
		const up = await anonymous.send('POST', '/api/public/photos', { body: await jpeg(), headers: { 'content-type': 'image/jpeg' } });
		expect(up.status, up.text).toBe(201);
		const made = await publicReport({ category: 'illegal-structure', lon: 116.3503, lat: 40.0006, description: 'SPAM advert text', photos: [up.body.id] }, 'device-spam-0004');
		expect((await anonymous.get(`/api/photos/${up.body.id}`)).status).toBe(200);
		const item = (await admin.get(`/api/collections/hotspots/items/${made.id}`)).body;

		expect((await field.post(`/api/hotspots/${made.id}/spam`, { version: item.version })).status).toBe(403);
		const staffCase = await admin.post('/api/hotspots', { type: 'Feature', geometry: point(116.3504, 40.0006), properties: { category: 'small-ads' } });
		expect((await planner.post(`/api/hotspots/${staffCase.body.id}/spam`, { version: staffCase.body.version })).status).toBe(409);
		const before = (await anonymous.get(SUMMARY)).body;
		expect(before.items.filter((i: any) => i.figure === 'hotspotsFromPublic').map((i: any) => i.id)).toContain(made.id);
		const spam = await planner.post(`/api/hotspots/${made.id}/spam`, { version: item.version });
		expect(spam.status, spam.text).toBe(200);

		const gone = [
			await anonymous.get(`/api/collections/hotspots/items/${made.id}`),
			await anonymous.get(`/api/collections/hotspots/items/${made.id}/history`),
			await anonymous.get(`/api/hotspots/${made.id}/timeline`),
			await anonymous.get(`/api/photos/${up.body.id}`),
			await anonymous.get(`/api/public/track/${made.token}`),
			await anonymous.get(`/open311/v2/requests/${made.id}.json`),
			await anonymous.get(`/open311/v2/tokens/${made.token}.json`)
		];
		expect(gone.map((r) => r.status)).toEqual([404, 404, 404, 404, 404, 404, 404]);
		for (const path of [
			'/api/collections/hotspots/items?limit=10000',
			'/open311/v2/requests.json',
			'/open311/v2/requests.xml',
			`/open311/v2/requests.json?service_request_id=${made.id}`,
			'/api/public/nearby?category=illegal-structure&lon=116.3503&lat=40.0006'
		]) {
			const res = await anonymous.get(path);
			expect(res.status, path).toBe(200);
			expect(res.text, path).not.toContain('SPAM advert text');
			expect(res.text, path).not.toContain(up.body.id);
		}
		// Nor does the report of the period count it, though it was reported then.
		const after = (await anonymous.get(SUMMARY)).body;
		expect(after.totals.hotspotsFromPublic).toBe(before.totals.hotspotsFromPublic - 1);
		expect(after.totals.hotspotsReported).toBe(before.totals.hotspotsReported - 1);
		expect(JSON.stringify(after)).not.toContain(`"id":${made.id},`);
		// Managers still see it in the history, and may undo the marking.
		expect((await planner.get(`/api/collections/hotspots/items/${made.id}/history`)).status).toBe(200);
		expect((await planner.get(`/api/photos/${up.body.id}`)).status).toBe(200);
	});
});

describe('a server that keeps its data private', () => {
	it('still takes residents’ reports and shows them their tracking page, but not the Open311 requests', async () => {
		const closed = await startServer({ env: { SANIMAP_PUBLIC_READ: 'false', SANIMAP_NOW: NOW } });
		try {
			const resident = apiClient(closed.url);
			const made = await resident.post('/api/public/reports', { category: 'small-ads', lon: 116.35, lat: 40 });
			expect(made.status, made.text).toBe(201);
			expect((await resident.get(`/api/public/track/${made.body.token}`)).status).toBe(200);
			expect((await resident.send('GET', '/report-issue')).status).toBe(200);
			expect((await resident.send('GET', `/report-issue/track/${made.body.token}`)).status).toBe(200);
			expect((await resident.get('/api/collections/hotspots/items')).status).toBe(401);
			expectSpecError(await resident.get('/open311/v2/requests.json'), 403);
			// A client with a key still posts; without one it gets the spec's 403.
			const key = (await apiClient(closed.url, await closed.login()).post('/api/open311/keys', { name: 'hotline' })).body.key;
			const post = (fields: Record<string, string>) =>
				resident.send('POST', '/open311/v2/requests.json', { body: new URLSearchParams(fields).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
			expect((await post({ api_key: key, service_code: 'small-ads', lat: '40', long: '116.35' })).status).toBe(201);
			expectSpecError(await post({ service_code: 'small-ads', lat: '40', long: '116.35' }), 403);
			expect(xml((await resident.get('/open311/v2/requests.xml')).text).documentElement!.nodeName).toBe('errors');
		} finally {
			await closed.stop();
		}
	});
});
