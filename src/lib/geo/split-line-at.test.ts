import { describe, expect, it } from 'vitest';
import CheapRuler from 'cheap-ruler';
import type { LineString } from 'geojson';
import { splitLineAt } from './split-line-at';

// An L-shaped street near 40° N: 100 m east, then about 111 m north.
const line: LineString = Object.freeze({
	type: 'LineString',
	coordinates: Object.freeze([Object.freeze([116.35, 40]), Object.freeze([116.3511738, 40]), Object.freeze([116.3511738, 40.001])]) as unknown as number[][]
}) as LineString;
const ruler = new CheapRuler(40, 'meters');
const len = (l: LineString) => ruler.lineDistance(l.coordinates as [number, number][]);

describe('splitLineAt', () => {
	it('cuts at the nearest point of the line and keeps every vertex', () => {
		// 20 m north of the first leg, 30 m from its start.
		const at = ruler.offset([116.35, 40], 30, 20);
		const r = splitLineAt(line, at);
		if (!r.ok) throw new Error(r.code);
		expect(r.distanceM).toBeCloseTo(20, 0);
		expect(r.at[1]).toBeCloseTo(40, 6);
		expect(r.parts[0].coordinates).toEqual([[116.35, 40], r.at]);
		expect(r.parts[1].coordinates).toEqual([r.at, [116.3511738, 40], [116.3511738, 40.001]]);
		expect(r.lengthsM[0]).toBeCloseTo(30, 0);
		expect(r.lengthsM[0] + r.lengthsM[1]).toBeCloseTo(len(line), 2);
	});

	it('does not repeat a vertex when the cut falls on one', () => {
		const r = splitLineAt(line, [116.3511738, 40]);
		if (!r.ok) throw new Error(r.code);
		expect(r.parts[0].coordinates).toEqual([[116.35, 40], [116.3511738, 40]]);
		expect(r.parts[1].coordinates).toEqual([[116.3511738, 40], [116.3511738, 40.001]]);
	});

	it('refuses a point far from the line', () => {
		const r = splitLineAt(line, ruler.offset([116.35, 40], 30, -80));
		expect(r).toMatchObject({ ok: false, code: 'split.too-far' });
	});

	it('refuses a cut at an end of the line', () => {
		expect(splitLineAt(line, ruler.offset([116.35, 40], -10, 0))).toMatchObject({ ok: false, code: 'split.at-end' });
		expect(splitLineAt(line, [116.3511738, 40.0011])).toMatchObject({ ok: false, code: 'split.at-end' });
	});

	it('leaves its input as it was', () => {
		const before = JSON.stringify(line);
		splitLineAt(line, ruler.offset([116.35, 40], 50, 1));
		expect(JSON.stringify(line)).toBe(before);
	});
});
