/**
 * Which zone a point lies in, for many points against many zone polygons.
 *
 * A Flatbush index over each polygon's bounding box prunes the candidates (asked once per cell of
 * a lookup grid, see below); an exact test on the polygon's rings decides. The exact test is hand-written on flat Float64Arrays rather than calling
 * Turf's `booleanPointInPolygon` per candidate because that call walks nested coordinate arrays and
 * allocates per point, which is the whole cost when a million hotspots meet a few thousand zones.
 * It follows the same algorithm as Turf's (point-in-polygon-hao: crossing count per polygon, a point
 * on any ring edge counts as on the boundary) so the two agree, which the tests check.
 *
 * Semantics:
 * - A zone is closed: a point on its outer edge, or on the edge of one of its holes, is in the zone.
 *   A point strictly inside a hole is not.
 * - A MultiPolygon zone contains a point when any of its polygons does.
 * - Zones may touch or overlap; a point in several zones belongs to the FIRST of them in input
 *   order, so a hotspot on a boundary shared by two zones is counted exactly once, reproducibly.
 */
import Flatbush from 'flatbush';
import type { MultiPolygon, Polygon, Position } from 'geojson';

export const OUTSIDE_ALL_ZONES = -1;

export interface ZoneIndex {
	/** How many zones were given (including ones without a usable geometry). */
	readonly zoneCount: number;
	/** The index of the first zone (in input order) containing the point, or OUTSIDE_ALL_ZONES. */
	zoneAt(lon: number, lat: number): number;
}

type ZoneGeometry = Polygon | MultiPolygon | null | undefined;

/** Polygons of a zone geometry, skipping anything that is not a polygon with a closed outer ring. */
function polygonsOf(geometry: ZoneGeometry): Position[][][] {
	if (!geometry) return [];
	const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.type === 'MultiPolygon' ? geometry.coordinates : [];
	return polygons.filter((rings) => Array.isArray(rings) && rings.length > 0 && rings[0].length >= 4);
}

export function buildZoneIndex(geometries: ReadonlyArray<ZoneGeometry>): ZoneIndex {
	// Flat layout: polygon p has rings [polyRingStart[p], polyRingStart[p+1]); ring r has vertices
	// [ringVertexStart[r], ringVertexStart[r+1]) stored as x,y pairs in `coords`.
	const polyZone: number[] = [];
	const polyRingStart: number[] = [0];
	const ringVertexStart: number[] = [0];
	const xy: number[] = [];
	const bboxes: number[] = [];

	geometries.forEach((geometry, zone) => {
		for (const rings of polygonsOf(geometry)) {
			let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
			for (const ring of rings) {
				for (const [x, y] of ring) {
					xy.push(x, y);
				}
				// Close the ring if the input forgot to, so every edge is tested.
				const first = ring[0], last = ring[ring.length - 1];
				if (first[0] !== last[0] || first[1] !== last[1]) xy.push(first[0], first[1]);
				ringVertexStart.push(xy.length / 2);
			}
			// The outer ring bounds the polygon; holes lie inside it.
			for (const [x, y] of rings[0]) {
				if (x < minX) minX = x;
				if (y < minY) minY = y;
				if (x > maxX) maxX = x;
				if (y > maxY) maxY = y;
			}
			polyRingStart.push(ringVertexStart.length - 1);
			polyZone.push(zone);
			bboxes.push(minX, minY, maxX, maxY);
		}
	});

	const zoneCount = geometries.length;
	if (polyZone.length === 0) return { zoneCount, zoneAt: () => OUTSIDE_ALL_ZONES };

	const coords = Float64Array.from(xy);
	const ringStarts = Int32Array.from(ringVertexStart);
	const polyRings = Int32Array.from(polyRingStart);
	const polyZones = Int32Array.from(polyZone);
	const tree = new Flatbush(polyZone.length);
	for (let i = 0; i < bboxes.length; i += 4) tree.add(bboxes[i], bboxes[i + 1], bboxes[i + 2], bboxes[i + 3]);
	tree.finish();

	/** Crossing-number test over all rings of one polygon; boundary counts as inside. */
	function polygonContains(poly: number, x: number, y: number): boolean {
		let crossings = 0;
		for (let r = polyRings[poly], rEnd = polyRings[poly + 1]; r < rEnd; r++) {
			const end = ringStarts[r + 1];
			let i = ringStarts[r] * 2;
			let u1 = coords[i] - x;
			let v1 = coords[i + 1] - y;
			for (i += 2; i < end * 2; i += 2) {
				const u2 = coords[i] - x;
				const v2 = coords[i + 1] - y;
				if (v1 === 0 && v2 === 0) {
					// Horizontal edge on the point's line: boundary if the point is between its ends.
					if ((u2 <= 0 && u1 >= 0) || (u1 <= 0 && u2 >= 0)) return true;
				} else if ((v2 >= 0 && v1 <= 0) || (v2 <= 0 && v1 >= 0)) {
					const f = u2 * v1 - u1 * v2;
					if (f === 0) return true;
					if ((f > 0 && v2 > 0 && v1 <= 0) || (f < 0 && v2 <= 0 && v1 > 0)) crossings++;
				}
				u1 = u2;
				v1 = v2;
			}
		}
		return (crossings & 1) === 1;
	}

	// Querying Flatbush once per point costs more than the exact tests (its search allocates a
	// queue and a result array each call), so the index is asked once per cell of a uniform grid
	// over the zones' extent, and each cell keeps its candidate polygons sorted by zone. A point
	// then costs a cell lookup, bbox checks and exact tests in zone order, stopping at the first
	// hit, which is also the "first zone in input order" rule.
	const polyCount = polyZone.length;
	const box = Float64Array.from(bboxes);
	const width = tree.maxX - tree.minX;
	const height = tree.maxY - tree.minY;
	// About four cells per polygon, capped so a huge zone set cannot allocate an oversized grid.
	const cellsWanted = Math.min(1 << 20, Math.max(1, polyCount * 4));
	const aspect = width > 0 && height > 0 ? width / height : 1;
	const cols = Math.max(1, Math.min(cellsWanted, Math.round(Math.sqrt(cellsWanted * aspect))));
	const rows = Math.max(1, Math.round(cellsWanted / cols));
	const cellW = width / cols;
	const cellH = height / rows;
	const cellStart = new Int32Array(cols * rows + 1);
	const cellItems: number[] = [];
	for (let row = 0; row < rows; row++) {
		for (let col = 0; col < cols; col++) {
			// Padded by a sliver so rounding in the cell arithmetic below can never drop a polygon
			// whose bbox just touches a point; extra candidates only cost a bbox check.
			const x0 = tree.minX + col * cellW, y0 = tree.minY + row * cellH;
			const padX = cellW * 1e-6 + 1e-12, padY = cellH * 1e-6 + 1e-12;
			const found = tree.search(x0 - padX, y0 - padY, x0 + cellW + padX, y0 + cellH + padY);
			found.sort((a, b) => polyZones[a] - polyZones[b] || a - b);
			for (const poly of found) cellItems.push(poly);
			cellStart[row * cols + col + 1] = cellItems.length;
		}
	}
	const candidates = Int32Array.from(cellItems);
	const { minX, minY, maxX, maxY } = tree;
	const colScale = width > 0 ? cols / width : 0;
	const rowScale = height > 0 ? rows / height : 0;

	return {
		zoneCount,
		zoneAt(lon: number, lat: number): number {
			if (!Number.isFinite(lon) || !Number.isFinite(lat)) return OUTSIDE_ALL_ZONES;
			if (lon < minX || lon > maxX || lat < minY || lat > maxY) return OUTSIDE_ALL_ZONES;
			// Clamp so a point on the extent's max edge lands in the last cell, not past it.
			const col = Math.min(cols - 1, Math.floor((lon - minX) * colScale));
			const row = Math.min(rows - 1, Math.floor((lat - minY) * rowScale));
			const cell = row * cols + col;
			for (let k = cellStart[cell], end = cellStart[cell + 1]; k < end; k++) {
				const poly = candidates[k];
				const b = poly * 4;
				if (lon < box[b] || lat < box[b + 1] || lon > box[b + 2] || lat > box[b + 3]) continue;
				if (polygonContains(poly, lon, lat)) return polyZones[poly];
			}
			return OUTSIDE_ALL_ZONES;
		}
	};
}
