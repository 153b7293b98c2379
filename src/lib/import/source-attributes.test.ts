import { describe, expect, it } from 'vitest';
import { ATTRIBUTES_LIMITS, attributeValuesProblem } from '../domain/attribute-values';
import { collectSourceAttributes } from './source-attributes';

describe('collectSourceAttributes', () => {
	it('keeps the named columns with a value, as the file gave them', () => {
		const row = Object.freeze({ name: 'Bin 1', Location: ' Market Place ', Ashtray: true, type: 'Derby Auto Slimline', Direction: '', count: 2, gone: null });
		expect(collectSourceAttributes(3, row, ['Location', 'Ashtray', 'type', 'Direction', 'count', 'gone'])).toEqual({
			value: { Location: 'Market Place', Ashtray: true, type: 'Derby Auto Slimline', count: 2 },
			issues: []
		});
		expect(collectSourceAttributes(3, row, [])).toEqual({ issues: [] });
	});

	it('keeps "__proto__" as a name like any other', () => {
		const row = JSON.parse('{"__proto__": "x", "a": "b"}');
		const out = collectSourceAttributes(1, row, ['__proto__', 'a']);
		expect(Object.keys(out.value!)).toEqual(['__proto__', 'a']);
		expect(Object.getPrototypeOf(out.value)).toBe(Object.prototype);
	});

	it('cuts a long text and leaves out what is over the bounds, with warnings, always within them', () => {
		const columns = Array.from({ length: ATTRIBUTES_LIMITS.maxEntries + 5 }, (_, i) => `c${i}`);
		const row = Object.fromEntries(columns.map((c) => [c, 'y'.repeat(ATTRIBUTES_LIMITS.maxTextLength + 10)]));
		const out = collectSourceAttributes(4, row, columns);
		expect(out.issues.map((i) => [i.code, i.severity, i.row])).toEqual([
			['source-attributes.cut', 'warning', 4],
			['source-attributes.left-out', 'warning', 4]
		]);
		expect(out.value!.c0).toHaveLength(ATTRIBUTES_LIMITS.maxTextLength);
		expect(attributeValuesProblem('A', out.value)).toBeNull();
		expect(JSON.stringify(out.value).length).toBeLessThanOrEqual(ATTRIBUTES_LIMITS.maxJsonLength);
	});
});
