import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CoordinateTable } from './coordinate-table';

describe('CoordinateTable', () => {
	it('numbers distinct pairs in order of first sight, as a Map of "lon,lat" keys would', () => {
		fc.assert(
			fc.property(fc.array(fc.tuple(fc.integer({ min: -20, max: 20 }), fc.integer({ min: -20, max: 20 })), { maxLength: 300 }), (pairs) => {
				const table = new CoordinateTable(4);
				const reference = new Map<string, number>();
				for (const [a, b] of pairs) {
					const x = a / 7, y = b / 3;
					const key = x + ',' + y;
					if (!reference.has(key)) reference.set(key, reference.size);
					expect(table.idOf(x, y)).toBe(reference.get(key));
				}
				expect(table.size).toBe(reference.size);
			})
		);
	});

	it('treats −0 and 0 as one coordinate, and add() says whether the pair was new', () => {
		const table = new CoordinateTable();
		expect(table.add(0, 1)).toBe(true);
		expect(table.add(-0, 1)).toBe(false);
		expect(table.idOf(0, 1)).toBe(0);
	});
});
