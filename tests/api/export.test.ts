/** Layer exports: GeoJSON, CSV (lon/lat and WKT) and KML, filtered or whole, with the OSM notice. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { startServer, type RunningServer } from '../helpers/server';
import { apiClient, type ApiClient } from './api-client';
import { importFile } from './import-helpers';

let server: RunningServer;
let client: ApiClient;

beforeAll(async () => {
	server = await startServer();
	client = apiClient(server.url, await server.login());
	await importFile(client, '名称,状态,经度,纬度\n北门,已设置,116.35,40\n南门,规划,116.36,40.01\n西门,规划,116.37,40.02\n', 'bins.csv', { collection: 'bins' });
	const overpass = { elements: [{ type: 'node', id: 77, lat: 40.03, lon: 116.38, tags: { amenity: 'waste_basket' } }] };
	await importFile(client, JSON.stringify(overpass), 'osm.json', { skipInvalid: true });
});
afterAll(() => server?.stop());

describe('export', () => {
	it('CSV of the whole layer with lon/lat, WKT and the OSM notice on OSM rows', async () => {
		const res = await client.get('/api/collections/bins/export?format=csv');
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
		expect(res.headers.get('content-disposition')).toBe('attachment; filename="bins.csv"');
		const { data } = Papa.parse<Record<string, string>>(res.text.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true });
		expect(data.map((r) => r.name)).toEqual(['北门', '南门', '西门', '']);
		expect(data[0]).toMatchObject({ lon: '116.3500000', lat: '40.0000000', wkt: 'POINT (116.35 40)', status: 'installed' });
		expect(data[3].attribution).toMatch(/© OpenStreetMap contributors/);
	});

	it('KML filtered like /items', async () => {
		const res = await client.get('/api/collections/bins/export?format=kml&status=planned&bbox=116.355,39.9,116.365,40.1');
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toMatch(/kml/);
		expect(res.text.match(/<Placemark/g)).toHaveLength(1);
		expect(res.text).toContain('<name>南门</name>');
		expect(res.text).not.toContain('OpenStreetMap');
	});

	it('GeoJSON with the licence when OSM data is in it', async () => {
		const res = await client.get('/api/collections/bins/export?format=geojson');
		const fc = JSON.parse(res.text);
		expect(fc.features).toHaveLength(4);
		expect(fc.attribution).toMatch(/OpenStreetMap contributors/);
	});

	it('an unknown format or filter is a 400 naming it', async () => {
		const res = await client.get('/api/collections/bins/export?format=xlsx');
		expect(res.status).toBe(400);
		expect(res.body).toMatchObject({ code: 'export.format' });
		expect((await client.get('/api/collections/bins/export?colour=red')).body.code).toBe('query.unknown-field');
	});
});
