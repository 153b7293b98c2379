import { describe, expect, it } from 'vitest';
import { kindByCollection } from '../domain/kinds';
import { applyMapping, checkMapping, convertValue, guessMapping } from './column-mapping';

const bins = kindByCollection('bins')!;
const roads = kindByCollection('road-segments')!;

describe('column mapping', () => {
	it('guesses fields from Chinese and English headers, leaving coordinates and the key alone', () => {
		const columns = ['编号', '名称', '类型', '状态', '容量', '经度', '纬度', 'remarks'];
		expect(guessMapping(bins, columns, ['编号', '经度', '纬度'])).toEqual({
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
