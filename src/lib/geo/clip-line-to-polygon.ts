/**
 * The parts of a line inside a polygon (holes and MultiPolygons included), as lines.
 *
 * Hand-written because Turf has no line-by-polygon clip: `lineSplit` splits by the boundary but
 * leaves deciding inside/outside to the caller, walks the whole line per ring, and loses pieces when
 * a line runs along an edge; `bboxClip` only clips to rectangles. The method here is exact in the
 * plane of lon/lat (the plane GeoJSON edges are straight in): every segment is cut where it meets
 * any ring edge, and each piece is kept when its midpoint is in the polygon. Because the polygon is
 * closed (see zone-index), a piece running along a zone's edge is inside that zone, and so in both
 * zones when two share that edge.
 */
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { buildZoneIndex, OUTSIDE_ALL_ZONES } from './zone-index';

/** A polygon prepared once for clipping many lines (its edges flattened, its point test indexed). */
export interface PolygonClipper {
	/** Pieces of `line` inside the polygon, in line order; adjacent pieces are joined. */
	clip(line: ReadonlyArray<Position>): Position[][];
}

export function polygonClipper(polygon: Polygon | MultiPolygon): PolygonClipper {
	const index = buildZoneIndex([polygon]);
	const rings = polygon.type === 'Polygon' ? polygon.coordinates : polygon.coordinates.flat();
	const edges: number[] = []; // x1, y1, x2, y2 per ring edge
	for (const ring of rings) {
		for (let i = 0; i + 1 < ring.length; i++) edges.push(ring[i][0], ring[i][1], ring[i + 1][0], ring[i + 1][1]);
		const first = ring[0], last = ring[ring.length - 1];
		if (ring.length > 1 && (first[0] !== last[0] || first[1] !== last[1])) edges.push(last[0], last[1], first[0], first[1]);
	}
	const inside = (x: number, y: number) => index.zoneAt(x, y) !== OUTSIDE_ALL_ZONES;

	/** Parameters t in (0, 1) where segment a→b meets a ring edge, sorted, with 0 and 1. */
	function cuts(ax: number, ay: number, bx: number, by: number): number[] {
		const rx = bx - ax, ry = by - ay;
		const rr = rx * rx + ry * ry;
		const ts = [0, 1];
		const add = (t: number) => {
			if (t > 0 && t < 1) ts.push(t);
		};
		for (let e = 0; e < edges.length; e += 4) {
			const qx = edges[e], qy = edges[e + 1];
			const sx = edges[e + 2] - qx, sy = edges[e + 3] - qy;
			const wx = qx - ax, wy = qy - ay;
			const denom = rx * sy - ry * sx;
			if (denom !== 0) {
				const t = (wx * sy - wy * sx) / denom;
				const u = (wx * ry - wy * rx) / denom;
				if (u >= 0 && u <= 1) add(t);
			} else if (rr > 0 && wx * ry - wy * rx === 0) {
				// Collinear: the edge's ends, projected on the segment, bound the overlap.
				const t0 = (wx * rx + wy * ry) / rr;
				add(t0);
				add(t0 + (sx * rx + sy * ry) / rr);
			}
		}
		return ts.sort((p, q) => p - q);
	}

	return {
		clip(line) {
			const pieces: Position[][] = [];
			let current: Position[] | null = null;
			for (let i = 0; i + 1 < line.length; i++) {
				const [ax, ay] = line[i];
				const [bx, by] = line[i + 1];
				const ts = cuts(ax, ay, bx, by);
				for (let k = 0; k + 1 < ts.length; k++) {
					const t0 = ts[k], t1 = ts[k + 1];
					if (t1 === t0) continue;
					const tm = (t0 + t1) / 2;
					if (!inside(ax + (bx - ax) * tm, ay + (by - ay) * tm)) {
						current = null;
						continue;
					}
					const start: Position = t0 === 0 ? [ax, ay] : [ax + (bx - ax) * t0, ay + (by - ay) * t0];
					const end: Position = t1 === 1 ? [bx, by] : [ax + (bx - ax) * t1, ay + (by - ay) * t1];
					if (current) current.push(end);
					else {
						current = [start, end];
						pieces.push(current);
					}
				}
			}
			return pieces;
		}
	};
}

export function clipLineToPolygon(line: ReadonlyArray<Position>, polygon: Polygon | MultiPolygon): Position[][] {
	return polygonClipper(polygon).clip(line);
}
