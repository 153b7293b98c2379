/**
 * A council's own litter-bin file imported with the defaults (tests/fixtures/import/): its `type`
 * column holds bin models, not bin types, so it is left unmapped and the preview says why; every
 * column that fills no field is kept with its feature as a source attribute and exported again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { appRoot, startServer, type RunningServer } from '../helpers/server';
import { apiClient, type ApiClient } from './api-client';
import { commit, upload } from './import-helpers';

const COUNCIL = readFileSync(join(appRoot, 'tests/fixtures/import/council-litter-bins.geojson'));
const council = JSON.parse(COUNCIL.toString('utf8')) as { features: { properties: Record<string, string> }[] };
/** What each bin of the file should keep: its columns other than the name, empty cells left out. */
const expectedKept = council.features.map(({ properties: { name: _name, ...rest } }) => Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== '')));

let server: RunningServer;
let client: ApiClient;

beforeAll(async () => {
	server = await startServer();
	client = apiClient(server.url, await server.login());
});
afterAll(() => server?.stop());

describe('a council file imported with the defaults', () => {
	let preview: Record<string, any>;

	it('previews every bin as importable, `type` left unmapped because its values do not fit binType', async () => {
		const res = await upload(client, new Uint8Array(COUNCIL), 'litter_bins.geojson', { collection: 'bins' });
		expect(res.status, res.text).toBe(201);
		preview = res.body;
		expect(preview).toMatchObject({ total: 6, valid: 6, rejected: 0, create: 6 });
		expect(preview.mapping).toEqual({ name: 'name', Location: null, Ashtray: null, type: null, Direction: null });
		expect(preview.columnNotes).toEqual([
			{
				column: 'type',
				field: 'binType',
				code: 'mapping.values-do-not-fit',
				checked: 6,
				fitting: 0,
				examples: ['Derby Auto Slimline', 'Glasdon Topsy 2000', 'Wybone Vipa'],
				message: expect.stringMatching(/"type" was not mapped to Type \(binType\).*kept with each feature as a source attribute/)
			}
		]);
		expect(preview.issues.filter((i: { severity: string }) => i.severity === 'error')).toEqual([]);
		// The person may still choose the field: then every bin model is a problem on its row.
		expect(preview.fields.map((f: { key: string }) => f.key)).toContain('binType');
		const mapped = await client.post(`/api/import/${preview.token}/preview`, { collection: 'bins', mapping: { ...preview.mapping, type: 'binType' } });
		expect(mapped.status, mapped.text).toBe(200);
		expect(mapped.body).toMatchObject({ valid: 0, rejected: 6, columnNotes: [] });
		expect(mapped.body.issues[0]).toMatchObject({ code: 'value.unknown', path: 'column.type' });
		// Back to the guess: the note is there again.
		const guessed = await client.post(`/api/import/${preview.token}/preview`, { collection: 'bins', mapping: preview.mapping });
		expect(guessed.body).toMatchObject({ valid: 6, rejected: 0 });
		expect(guessed.body.columnNotes.map((n: { column: string }) => n.column)).toEqual(['type']);
	});

	it('imports every bin with the unmapped columns kept as source attributes', async () => {
		const res = await commit(client, preview.token, { collection: 'bins' });
		expect(res.status, res.text).toBe(201);
		expect(res.body).toMatchObject({ created: 6, rejected: 0 });
		expect(res.body.columnNotes.map((n: { column: string }) => n.column)).toEqual(['type']);
		const items = (await client.get('/api/collections/bins/items')).body.features as { properties: Record<string, unknown> }[];
		expect(items.map((f) => f.properties.name)).toEqual(council.features.map((f) => f.properties.name));
		expect(items.map((f) => f.properties.sourceAttributes)).toEqual(expectedKept);
		for (const f of items) expect(f.properties).toMatchObject({ binType: 'litter', status: 'installed' });
	});

	it('exports the source attributes again as columns of their own, in CSV, GeoJSON and KML', async () => {
		const csv = await client.get('/api/collections/bins/export?format=csv');
		const { data, meta } = Papa.parse<Record<string, string>>(csv.text.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true });
		expect(meta.fields).toEqual(expect.arrayContaining(['name', 'Location', 'Ashtray', 'type', 'Direction']));
		expect(data.map((r) => ({ name: r.name, Location: r.Location, Ashtray: r.Ashtray, type: r.type, Direction: r.Direction }))).toEqual(council.features.map((f) => f.properties));

		const geojson = JSON.parse((await client.get('/api/collections/bins/export?format=geojson')).text);
		expect(geojson.features.map((f: { properties: Record<string, unknown> }) => f.properties.type)).toEqual(council.features.map((f) => f.properties.type));
		expect(geojson.features[0].properties).toMatchObject(council.features[0].properties);

		const kml = (await client.get('/api/collections/bins/export?format=kml')).text;
		expect(kml).toContain('<Data name="type"><value>Derby Auto Slimline</value></Data>');
		expect(kml).toContain('<Data name="Location"><value>Market Place, outside No. 12</value></Data>');
	});

	it('refuses source attributes that are not flat values when written through the API, storing nothing', async () => {
		const res = await client.post('/api/collections/bins/items', { type: 'Feature', geometry: { type: 'Point', coordinates: [-1.476, 52.922] }, properties: { sourceAttributes: { nested: { a: 1 } } } });
		expect(res.status).toBe(400);
		expect(JSON.stringify(res.body)).toContain('sourceAttributes');
		expect((await client.get('/api/collections/bins/items?limit=1')).body.numberMatched).toBe(6);
	});
});
