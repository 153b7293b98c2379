/** `import` and `export` on the command line, on a database file that does not exist yet. */
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import Papa from 'papaparse';
import { cli } from '../helpers/cli';
import { appRoot } from '../helpers/server';

const dir = mkdtempSync(join(tmpdir(), 'sanimap-cli-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const db = join(dir, 'new', 'campaign.db');
const csv = (rows: string[]) => iconv.encode(['编号,名称,状态,经度,纬度', ...rows].join('\n') + '\n', 'gbk');

// Each command starts tsx and loads the import code: give them time on a busy machine.
describe('CLI import and export', { timeout: 180_000 }, () => {
	it('imports a GBK CSV in GCJ-02 into a new database, then updates by key', async () => {
		const file = join(dir, 'bins.csv');
		writeFileSync(file, csv(['B1,北门,已设置,116.356,40.004', 'B2,南门,规划,116.357,40.002', 'B3,坏行,已设置,116.357,123.4']));
		const first = await cli(['import', '--db', db, '--kind', 'bins', '--file', file, '--crs', 'gcj02', '--key', '编号']);
		expect(first.code, first.stderr).toBe(0);
		const out = JSON.parse(first.stdout);
		expect(out).toMatchObject({ created: 2, updated: 0, unchanged: 0, rejected: 1 });
		expect(out.issues[0]).toMatchObject({ row: 4, code: 'geometry.coordinates.range' });

		writeFileSync(file, csv(['B1,北门,损坏,116.356,40.004', 'B2,南门,规划,116.357,40.002']));
		const second = JSON.parse((await cli(['import', '--db', db, '--kind', 'bins', '--file', file, '--crs', 'gcj02', '--key', '编号'])).stdout);
		expect(second).toMatchObject({ created: 0, updated: 1, unchanged: 1, rejected: 0 });
	});

	it('imports an OSM extract into every layer, counted per collection', async () => {
		const res = await cli(['import', '--db', db, '--osm', join(appRoot, 'tests/fixtures/osm/raw/beijing_haidian_cau.osm')]);
		expect(res.code, res.stderr).toBe(0);
		const out = JSON.parse(res.stdout);
		expect(out.created['road-segments']).toBeGreaterThan(100);
		expect(out.created.shops).toBeGreaterThan(10);
		expect(Object.keys(out.updated)).toEqual(Object.keys(out.created));
	});

	it('exports the bins to KML with every bin', async () => {
		const file = join(dir, 'bins.kml');
		const res = await cli(['export', '--db', db, '--kind', 'bins', '--format', 'kml', '--out', file]);
		expect(res.code, res.stderr).toBe(0);
		expect(JSON.parse(res.stdout)).toEqual({ collection: 'bins', format: 'kml', count: 2, out: file });
		const kml = readFileSync(file, 'utf8');
		expect(kml.match(/<Placemark/g)).toHaveLength(2);
		expect(kml).toContain('<name>北门</name>');
	});

	it('imports a council file as the web app does: `type` left unmapped, its columns kept and exported again', async () => {
		const councilDb = join(dir, 'council.db');
		const res = await cli(['import', '--db', councilDb, '--kind', 'bins', '--file', join(appRoot, 'tests/fixtures/import/council-litter-bins.geojson')]);
		expect(res.code, res.stderr).toBe(0);
		const out = JSON.parse(res.stdout);
		expect(out).toMatchObject({ created: 6, rejected: 0 });
		expect(out.columnNotes).toEqual([expect.objectContaining({ column: 'type', field: 'binType', code: 'mapping.values-do-not-fit', fitting: 0, checked: 6 })]);
		const file = join(dir, 'council.csv');
		expect((await cli(['export', '--db', councilDb, '--kind', 'bins', '--format', 'csv', '--out', file])).code).toBe(0);
		const { data } = Papa.parse<Record<string, string>>(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true });
		expect(data[0]).toMatchObject({ name: 'Bin 0001', binType: 'litter', Location: 'Market Place, outside No. 12', Ashtray: 'Yes', type: 'Derby Auto Slimline', Direction: 'N' });
	});

	it('a setting the import cannot use is an error naming it; the server’s own settings do not matter here', async () => {
		const file = join(appRoot, 'tests/fixtures/import/council-litter-bins.geojson');
		const bad = await cli(['import', '--db', join(dir, 'settings.db'), '--kind', 'bins', '--file', file], { SANIMAP_MAX_UPLOAD_BYTES: '50MB', SANIMAP_SYNCHRONOUS: 'sometimes' });
		expect(bad.code).toBe(2);
		expect(bad.stderr).toContain('SANIMAP_MAX_UPLOAD_BYTES is "50MB": it must be a whole number of bytes, 1 or more.');
		expect(bad.stderr).toContain('SANIMAP_SYNCHRONOUS is "sometimes"');
		expect(existsSync(join(dir, 'settings.db'))).toBe(false);
		const serverOnly = await cli(['import', '--db', join(dir, 'settings.db'), '--kind', 'bins', '--file', file], { DATABASE_URL: 'postgres://db/sanimap', PORT: 'none' });
		expect(serverOnly.code, serverOnly.stderr).toBe(0);
	});

	it('an unknown layer is an error with exit code 2', async () => {
		const res = await cli(['import', '--db', db, '--kind', 'nope', '--file', join(dir, 'bins.csv')]);
		expect(res.code).toBe(2);
		expect(res.stderr).toMatch(/There is no layer "nope"/);
	});

	it('a file without coordinates is an error with exit code 2', async () => {
		const res = await cli(['import', '--db', db, '--kind', 'bins', '--file', join(appRoot, 'tests/fixtures/osm/raw/README.md')]);
		expect(res.code).toBe(2);
		expect(res.stderr).toMatch(/import\.csv\.no-coordinates/);
	});

	it('exporting from a database that does not exist is an error with exit code 2', async () => {
		const res = await cli(['export', '--db', join(dir, 'missing.db'), '--kind', 'bins', '--format', 'csv', '--out', join(dir, 'x.csv')]);
		expect(res.code).toBe(2);
		expect(res.stderr).toMatch(/does not exist/);
	});
});
