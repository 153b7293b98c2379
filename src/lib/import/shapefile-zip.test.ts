import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync, zipSync, strToU8 } from 'fflate';
import { parseShapefileZip } from './parse-shapefile';
import { safeUnzip, isUnsafeEntryName } from './safe-unzip';
import { DEFAULT_IMPORT_LIMITS } from './types';

const fixture = new Uint8Array(readFileSync(join(import.meta.dirname, 'fixtures', 'bins-3857.zip')));

describe('zipped Shapefile', () => {
	it('reads points and attributes and reprojects from the .prj (Web Mercator) to WGS84', async () => {
		const out = await parseShapefileZip(fixture, DEFAULT_IMPORT_LIMITS);
		expect(out.ok).toBe(true);
		if (!out.ok) return;
		expect(out.file.rows).toHaveLength(3);
		const [lon, lat] = (out.file.rows[0].geometry as { coordinates: number[] }).coordinates;
		expect(lon).toBeCloseTo(116.3501, 6);
		expect(lat).toBeCloseTo(40.0021, 6);
		expect(out.file.rows[0].attributes).toMatchObject({ name: '北门', type: '垃圾桶', status: 'installed', cap: 240 });
		expect(out.file.issues).toEqual([]);
	});

	it('refuses entries that leave the archive', async () => {
		const zip = zipSync({ '../../etc/cron.d/x.shp': strToU8('x'), 'ok.dbf': strToU8('y') });
		const out = await parseShapefileZip(zip, DEFAULT_IMPORT_LIMITS);
		expect(!out.ok && out.problem.code).toBe('import.zip.unsafe-path');
		expect(['/abs.shp', 'C:/x.shp', 'a/../b.shp', 'a\\..\\b.shp'].every(isUnsafeEntryName)).toBe(true);
		expect(isUnsafeEntryName('layer/bins..v2.shp')).toBe(false);
	});

	it('refuses a zip whose entries unpack past the limit before inflating them', () => {
		// 4 MB of zeros compresses to a few kB: a small bomb against a 1 MB limit.
		const zip = zipSync({ 'bomb.shp': new Uint8Array(4 * 1024 * 1024) }, { level: 9 });
		expect(zip.byteLength).toBeLessThan(20_000);
		const out = safeUnzip(zip, { maxUnzippedBytes: 1024 * 1024 });
		expect(out.ok).toBe(false);
		if (!out.ok) {
			expect(out.problem.code).toBe('import.zip.too-large');
			expect(out.problem.message).toMatch(/SANIMAP_MAX_UNZIPPED_BYTES/);
		}
	});

	it('says what is missing when the zip has no .shp', async () => {
		const out = await parseShapefileZip(zipSync({ 'readme.txt': strToU8('hi') }), DEFAULT_IMPORT_LIMITS);
		expect(!out.ok && out.problem.code).toBe('import.shapefile.no-shp');
	});

	it('reports a file that is not a zip', async () => {
		const out = await parseShapefileZip(strToU8('PK\u0003\u0004 not really'), DEFAULT_IMPORT_LIMITS);
		expect(!out.ok && out.problem.code).toBe('import.zip.malformed');
	});

	/** The fixture's parts, with `patch` applied to a copy of one of them. */
	const patched = (ext: 'shp' | 'dbf', patch: (view: DataView) => void) => {
		const parts = unzipSync(fixture);
		const name = Object.keys(parts).find((n) => n.endsWith(`.${ext}`))!;
		const copy = parts[name].slice();
		patch(new DataView(copy.buffer));
		return zipSync({ ...parts, [name]: copy });
	};

	it('refuses a .dbf whose header claims more records than the file holds, before reading them', async () => {
		// 150 million records in a file of a few hundred bytes: read as claimed, it exhausts memory.
		const started = performance.now();
		const out = await parseShapefileZip(patched('dbf', (v) => v.setUint32(4, 150_000_000, true)), DEFAULT_IMPORT_LIMITS);
		expect(performance.now() - started).toBeLessThan(1000);
		expect(out.ok).toBe(false);
		if (out.ok) return;
		expect(out.problem.code).toBe('import.shapefile.malformed');
		expect(out.problem.message).toMatch(/\.dbf .*150000000 records/);
		expect(out.problem.reason ?? 'invalid').toBe('invalid');
	});

	it('refuses a .dbf with more records than the feature limit, naming the limit', async () => {
		const out = await parseShapefileZip(fixture, { ...DEFAULT_IMPORT_LIMITS, maxFeatures: 2 });
		expect(!out.ok && out.problem).toMatchObject({ code: 'import.too-many-features', reason: 'too-large' });
		expect(!out.ok && out.problem.message).toMatch(/SANIMAP_MAX_IMPORT_FEATURES/);
	});

	it('refuses a .shp record with a negative or oversized length, or counts its bytes cannot hold', async () => {
		for (const [what, patch] of [
			['negative length', (v: DataView) => v.setInt32(104, -4)],
			['length past the end', (v: DataView) => v.setInt32(104, 1_000_000)],
			// A point's 20 bytes relabelled a multipoint: its point count would be read from beyond the record.
			['point read as a multipoint', (v: DataView) => v.setInt32(108, 8, true)]
		] as const) {
			const out = await parseShapefileZip(patched('shp', patch), DEFAULT_IMPORT_LIMITS);
			expect(out.ok, what).toBe(false);
			if (!out.ok) expect(out.problem.code, what).toMatch(/^import\.shapefile\.malformed$/);
		}
	});
});
