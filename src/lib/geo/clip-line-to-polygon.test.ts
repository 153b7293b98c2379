import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { booleanPointInPolygon } from '@turf/turf';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { clipLineToPolygon } from './clip-line-to-polygon';

const square = (x0: number, y0: number, x1: number, y1: number): Position[] => [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]];
// 4 × 4 square with a 2 × 2 hole in the middle.
const holed: Polygon = Object.freeze({ type: 'Polygon', coordinates: [square(0, 0, 4, 4), square(1, 1, 3, 3)] }) as Polygon;

const planarLength = (pieces: Position[][]) =>
	pieces.reduce((sum, line) => sum + line.slice(1).reduce((s, p, i) => s + Math.hypot(p[0] - line[i][0], p[1] - line[i][1]), 0), 0);

describe('clipLineToPolygon', () => {
	it('keeps a line fully inside as it is', () => {
		expect(clipLineToPolygon([[0.5, 0.5], [0.5, 3.5], [0.8, 3.5]], holed)).toEqual([[[0.5, 0.5], [0.5, 3.5], [0.8, 3.5]]]);
	});

	it('cuts a line crossing the outer edge at the edge', () => {
		// y = 0.5 passes below the hole: inside from the edge x = 0 to the line's end x = 2.
		expect(clipLineToPolygon([[-2, 0.5], [2, 0.5]], holed)).toEqual([[[0, 0.5], [2, 0.5]]]);
	});

	it('drops the part over the hole, leaving two pieces', () => {
		// y = 2 crosses x 0..1 (inside), 1..3 (hole), 3..4 (inside): 2 of its 6 units outside the polygon.
		const pieces = clipLineToPolygon([[-1, 2], [5, 2]], holed);
		expect(pieces).toEqual([
			[[0, 2], [1, 2]],
			[[3, 2], [4, 2]]
		]);
	});

	it('keeps a line running along the outer edge (the boundary belongs to the zone)', () => {
		expect(planarLength(clipLineToPolygon([[-1, 0], [5, 0]], holed))).toBeCloseTo(4, 12);
	});

	it('returns nothing for a line outside', () => {
		expect(clipLineToPolygon([[5, 5], [6, 6]], holed)).toEqual([]);
	});

	it('clips against every polygon of a MultiPolygon', () => {
		const multi: MultiPolygon = { type: 'MultiPolygon', coordinates: [[square(0, 0, 1, 1)], [square(2, 0, 3, 1)]] };
		// y = 0.5 from x = -1 to 4: inside for 0..1 and 2..3.
		expect(clipLineToPolygon([[-1, 0.5], [4, 0.5]], multi)).toEqual([
			[[0, 0.5], [1, 0.5]],
			[[2, 0.5], [3, 0.5]]
		]);
	});

	it('joins pieces across vertices and does not mutate its input', () => {
		const line = Object.freeze([[-1, 0.5], [0.5, 0.5], [0.5, -1]].map((p) => Object.freeze(p))) as Position[];
		expect(clipLineToPolygon(line, holed)).toEqual([[[0, 0.5], [0.5, 0.5], [0.5, 0]]]);
	});

	it('yields pieces inside the polygon, no longer than the line (property test)', () => {
		const coord = fc.double({ min: -1, max: 5, noNaN: true });
		fc.assert(
			fc.property(fc.array(fc.tuple(coord, coord), { minLength: 2, maxLength: 8 }), (line) => {
				const pieces = clipLineToPolygon(line, holed);
				expect(planarLength(pieces)).toBeLessThanOrEqual(planarLength([line]) + 1e-9);
				for (const piece of pieces) {
					for (let i = 0; i + 1 < piece.length; i++) {
						const mid = [(piece[i][0] + piece[i + 1][0]) / 2, (piece[i][1] + piece[i + 1][1]) / 2];
						expect(booleanPointInPolygon(mid, holed)).toBe(true);
					}
				}
			}),
			{ numRuns: 300, seed: 7 }
		);
	});
});
