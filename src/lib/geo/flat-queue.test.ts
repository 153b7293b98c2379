import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FlatQueue } from './flat-queue';

describe('FlatQueue', () => {
	it('pops values in ascending order, growing past its first capacity', () => {
		fc.assert(
			fc.property(fc.array(fc.double({ noNaN: true, min: -1e6, max: 1e6 }), { maxLength: 200 }), (values) => {
				const q = new FlatQueue(2);
				values.forEach((v, i) => q.push(i, v));
				const out: number[] = [];
				while (q.length > 0) {
					const v = q.peekValue()!;
					const id = q.pop()!;
					expect(values[id]).toBe(v);
					out.push(v);
				}
				// 0 and -0 are one priority, popped in either order: compared as numbers, not as their signs.
				const unsigned = (list: number[]) => list.map((v) => (v === 0 ? 0 : v));
				expect(unsigned(out)).toEqual(unsigned([...values].sort((a, b) => a - b)));
				expect(q.pop()).toBeUndefined();
			})
		);
	});
});
