import { describe, expect, it } from 'vitest';
import { ATTRIBUTES_LIMITS, attributeValuesProblem } from './attribute-values';

describe('attributeValuesProblem', () => {
	it('takes named texts, numbers and yes/no values', () => {
		expect(attributeValuesProblem('Source attributes', Object.freeze({ Location: 'Market Place', Ashtray: true, Direction: 'N', height: 1.2 }))).toBeNull();
		expect(attributeValuesProblem('Source attributes', {})).toBeNull();
	});

	it('refuses what is not such an object, with a code', () => {
		for (const v of ['text', 3, null, ['a'], { nested: { a: 1 } }, { list: [1] }, { missing: null }]) {
			expect(attributeValuesProblem('Source attributes', v)?.code, JSON.stringify(v)).toBe('field.type');
		}
	});

	it('bounds the count, the names, the texts and the whole', () => {
		const many = Object.fromEntries(Array.from({ length: ATTRIBUTES_LIMITS.maxEntries + 1 }, (_, i) => [`c${i}`, i]));
		expect(attributeValuesProblem('A', many)?.code).toBe('field.too-many');
		expect(attributeValuesProblem('A', { ['n'.repeat(ATTRIBUTES_LIMITS.maxNameLength + 1)]: 1 })?.code).toBe('field.name');
		expect(attributeValuesProblem('A', { '': 1 })?.code).toBe('field.name');
		expect(attributeValuesProblem('A', { long: 'x'.repeat(ATTRIBUTES_LIMITS.maxTextLength + 1) })?.code).toBe('field.too-long');
		const wide = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`c${i}`, 'x'.repeat(ATTRIBUTES_LIMITS.maxTextLength)]));
		expect(attributeValuesProblem('A', wide)?.code).toBe('field.too-long');
	});
});
