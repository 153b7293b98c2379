import { describe, expect, it } from 'vitest';
import { parseCsv } from './parse-csv';
import { DEFAULT_IMPORT_LIMITS } from './types';

const parse = (text: string) => parseCsv(text, DEFAULT_IMPORT_LIMITS);

describe('parseCsv', async () => {
	it('finds 经度/纬度 columns and reads points', async () => {
		const out = await parse('名称,经度,纬度,状态\n北门,116.35,40.001,已设置\n南门,116.36,40.002,规划\n');
		expect(out.ok).toBe(true);
		if (!out.ok) return;
		expect(out.file.notes.coordinateColumns).toEqual({ lon: '经度', lat: '纬度' });
		expect(out.file.rows.map((r) => [r.row, r.geometry])).toEqual([
			[2, { type: 'Point', coordinates: [116.35, 40.001] }],
			[3, { type: 'Point', coordinates: [116.36, 40.002] }]
		]);
		expect(out.file.rows[0].attributes).toEqual({ 名称: '北门', 经度: '116.35', 纬度: '40.001', 状态: '已设置' });
	});

	it('reads a WKT column', async () => {
		const out = await parse('id;wkt\nD1;LINESTRING (116.35 40, 116.36 40.01)\n');
		expect(out.ok && out.file.rows[0].geometry).toEqual({ type: 'LineString', coordinates: [[116.35, 40], [116.36, 40.01]] });
	});

	it('reports NaN, Infinity, text and empty coordinates per line and keeps the good rows', async () => {
		const out = await parse('lon,lat\n116.3,40\nNaN,40\n116.3,Infinity\nabc,40\n,40\n');
		expect(out.ok).toBe(true);
		if (!out.ok) return;
		expect(out.file.rows).toHaveLength(1);
		expect(out.file.issues.map((i) => [i.row, i.code])).toEqual([
			[3, 'csv.coordinates.not-number'],
			[4, 'csv.coordinates.not-number'],
			[5, 'csv.coordinates.not-number'],
			[6, 'csv.coordinates.missing']
		]);
		expect(out.file.issues[0].message).toBe('Line 3: lon "NaN" is not a number.');
	});

	it('refuses a file without coordinate columns, listing the header', async () => {
		const out = await parse('name,address\nNorth gate,1 Main St\n');
		expect(out.ok).toBe(false);
		if (!out.ok) {
			expect(out.problem.code).toBe('import.csv.no-coordinates');
			expect(out.problem.message).toMatch(/name, address/);
		}
	});

	it('refuses an unclosed quote as malformed', async () => {
		const out = await parse('name,lon,lat\n"North gate,116.3,40\nSouth,116.4,40\n');
		expect(!out.ok && out.problem.code).toBe('import.csv.malformed');
	});

	it('reports a line with the wrong number of fields', async () => {
		const out = await parse('name,lon,lat\nA,116.3,40,extra\n');
		expect(out.ok && out.file.issues.map((i) => i.code)).toEqual(['csv.row.fields']);
	});

	it('refuses more rows than the limit, naming the setting', async () => {
		const out = await parseCsv('lon,lat\n1,2\n3,4\n5,6\n', { maxFeatures: 2 });
		expect(!out.ok && out.problem.message).toMatch(/more than 2 rows.*SANIMAP_MAX_IMPORT_FEATURES/);
	});
});
