import { describe, expect, it } from 'vitest';
import { kindByCollection } from '../domain/kinds';
import { applyMapping, checkMapping, convertValue, guessMapping } from './column-mapping';

const bins = kindByCollection('bins')!;
const roads = kindByCollection('road-segments')!;

describe('column mapping', () => {
	it('guesses fields from Chinese and English headers, leaving coordinates and the key alone', () => {
		const columns = ['编号', '名称', '类型', '状态', '容量', '经度', '纬度', 'remarks'];
		expect(guessMapping(bins, columns, { skip: ['编号', '经度', '纬度'] }).mapping).toEqual({
			编号: null,
			名称: 'name',
			类型: 'binType',
			状态: 'status',
			容量: 'capacityL',
			经度: null,
			纬度: null,
			remarks: 'description'
		});
	});

	it('maps a column onto the field its header names only when its values fit that field', () => {
		// A council's file: "type" holds bin models, not litter/refuse/sorted-recycling.
		const council = ['Derby Auto Slimline', 'Derby Auto Slimline', 'Glasdon Topsy 2000', 'Wybone Vipa', ''].map((type, i) => ({ name: `Bin ${i}`, type, Location: 'Market Place' }));
		const guess = guessMapping(bins, ['name', 'Location', 'type'], { rows: council });
		expect(guess.mapping).toEqual({ name: 'name', Location: null, type: null });
		expect(guess.notes).toEqual([
			{ column: 'type', field: 'binType', code: 'mapping.values-do-not-fit', checked: 4, fitting: 0, examples: ['Derby Auto Slimline', 'Glasdon Topsy 2000', 'Wybone Vipa'], message: expect.stringContaining('not mapped to Type (binType)') }
		]);
		// Bin types by label, one typo among them: mapped, the typo reported on its row later.
		const typed = ['果皮箱', 'Refuse bin', 'litter', 'litre'].map((type) => ({ type }));
		expect(guessMapping(bins, ['type'], { rows: typed })).toEqual({ mapping: { type: 'binType' }, notes: [] });
		// Half the values fit: still the field.
		expect(guessMapping(bins, ['type'], { rows: [{ type: 'refuse' }, { type: 'wheelie' }] }).mapping).toEqual({ type: 'binType' });
		// An empty column, or no rows at all, goes by its header.
		expect(guessMapping(bins, ['type'], { rows: [{ type: '' }] }).mapping).toEqual({ type: 'binType' });
		expect(guessMapping(bins, ['type']).mapping).toEqual({ type: 'binType' });
	});

	it('tries the next field the header names when the first does not fit', () => {
		// "容量" names capacityL for bins; a column of words is no capacity and stays unmapped.
		const guess = guessMapping(bins, ['容量'], { rows: [{ 容量: '大' }, { 容量: '小' }] });
		expect(guess.mapping).toEqual({ 容量: null });
		expect(guess.notes.map((n) => [n.column, n.field, n.fitting, n.checked])).toEqual([['容量', 'capacityL', 0, 2]]);
	});

	it('converts values to each field’s type, by value or by zh/en label', () => {
		expect(applyMapping(bins, 2, { t: '果皮箱', s: 'Planned', c: '240 L', d: '2024/5/1' }, { t: 'binType', s: 'status', c: 'capacityL', d: 'installedAt' })).toEqual({
			properties: { binType: 'litter', status: 'planned', capacityL: 240, installedAt: '2024-05-01' },
			issues: []
		});
		expect(convertValue(roads.fields.find((f) => f.key === 'hardened')!, '是')).toEqual({ value: true });
		expect(convertValue(roads.fields.find((f) => f.key === 'hardened')!, '')).toEqual({ skip: true });
	});

	it('reports a value that is not one of the options, with the options', () => {
		const out = applyMapping(bins, 7, { s: 'broken' }, { s: 'status' });
		expect(out.properties).toEqual({});
		expect(out.issues).toHaveLength(1);
		expect(out.issues[0]).toMatchObject({ row: 7, code: 'value.unknown', path: 'column.s', severity: 'error' });
		expect(out.issues[0].message).toMatch(/planned \(规划\)/);
	});

	it('checks a mapping sent back: unknown columns, unknown fields and a field used twice', () => {
		expect(checkMapping(bins, ['a', 'b'], { a: 'name', b: null })).toEqual({ ok: true, mapping: { a: 'name', b: null } });
		expect(checkMapping(bins, ['a'], { z: 'name' }).ok).toBe(false);
		expect(checkMapping(bins, ['a'], { a: 'colour' }).ok).toBe(false);
		expect(checkMapping(bins, ['a', 'b'], { a: 'name', b: 'name' }).ok).toBe(false);
	});
});
