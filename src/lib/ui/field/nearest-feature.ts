/**
 * The road segment (or point feature) nearest to where the field worker stands, measured with
 * cheap-ruler in metres, so "mark hardened" and "close this case" act on what is in front of them.
 */
import CheapRuler from 'cheap-ruler';
import type { Geometry, Position } from 'geojson';

export interface Nearest<T> {
	item: T;
	distanceM: number;
	/** The closest position on the feature. */
	point: Position;
}

function linesOf(g: Geometry | null | undefined): Position[][] {
	if (!g) return [];
	if (g.type === 'LineString') return [g.coordinates];
	if (g.type === 'MultiLineString') return g.coordinates;
	return [];
}

export function nearestLine<T extends { geometry: Geometry | null }>(items: Iterable<T>, at: Position, maxDistanceM = Infinity): Nearest<T> | null {
	const ruler = new CheapRuler(at[1], 'meters');
	let best: Nearest<T> | null = null;
	for (const item of items) {
		for (const line of linesOf(item.geometry)) {
			if (line.length < 2) continue;
			const p = ruler.pointOnLine(line as [number, number][], at as [number, number]).point;
			const d = ruler.distance(at as [number, number], p);
			if (d <= maxDistanceM && (!best || d < best.distanceM)) best = { item, distanceM: d, point: p };
		}
	}
	return best;
}

export function nearestPoint<T extends { geometry: Geometry | null }>(items: Iterable<T>, at: Position, maxDistanceM = Infinity): Nearest<T> | null {
	const ruler = new CheapRuler(at[1], 'meters');
	let best: Nearest<T> | null = null;
	for (const item of items) {
		if (item.geometry?.type !== 'Point') continue;
		const p = item.geometry.coordinates;
		const d = ruler.distance(at as [number, number], p as [number, number]);
		if (d <= maxDistanceM && (!best || d < best.distanceM)) best = { item, distanceM: d, point: p };
	}
	return best;
}

/** A circle of `radiusM` metres around a position, as a polygon for the map (the GPS accuracy). */
export function circlePolygon(center: Position, radiusM: number, steps = 48): GeoJSON.Polygon {
	const ruler = new CheapRuler(center[1], 'meters');
	const ring: Position[] = [];
	for (let i = 0; i <= steps; i++) ring.push(ruler.destination(center as [number, number], radiusM, (360 * (i % steps)) / steps));
	return { type: 'Polygon', coordinates: [ring] };
}
