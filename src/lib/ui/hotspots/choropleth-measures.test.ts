import { describe, expect, it } from 'vitest';
import { classOf, legendClasses, measureDef, MEASURES } from './choropleth-measures';

describe('choropleth classes', () => {
	it('are fixed and ascending for every measure, with one colour per class', () => {
		for (const m of MEASURES) {
			expect([...m.breaks].sort((a, b) => a - b)).toEqual(m.breaks);
			expect(legendClasses(m)).toHaveLength(m.breaks.length + 1);
		}
	});

	it('a value on a break belongs to the class above it', () => {
		const count = measureDef('count');
		expect([0, 1, 2, 3, 5, 6, 19, 20, 500].map((v) => classOf(v, count))).toEqual([0, 1, 1, 2, 2, 3, 4, 5, 5]);
	});

	it('on-time share runs the ramp the other way: a high share is light', () => {
		const share = legendClasses(measureDef('resolvedOnTimePct'));
		const count = legendClasses(measureDef('count'));
		expect(share.at(-1)!.color).toBe(count[0].color);
	});
});
