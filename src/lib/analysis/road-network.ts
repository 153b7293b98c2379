/**
 * The counted roads as a graph for distances along the network.
 *
 * Nodes are distinct vertex coordinates: two roads connect exactly where they share a vertex, as
 * OSM ways share nodes (a crossing without a shared node, a bridge, does not connect). Every
 * segment between consecutive vertices is one edge, so a position on the network is (edge, metres
 * from the edge's first vertex) and every edge is straight. Edge lengths are geodesic
 * (cheap-ruler, see ruler-at.ts). Roads that `roadClassOf` does not count (footways, paths,
 * motorways, …) are left out: bins are only snapped to, and distances only run along, counted roads.
 */
import Flatbush from 'flatbush';
import type { Feature, FeatureCollection, Position } from 'geojson';
import { ROAD_CLASSES, roadClassOf, type RoadClass } from '../domain/road-class';
import { featuresOf } from '../geo/point-layer';
import { rulerAt } from '../geo/ruler-at';
import { GeometryTypeError } from '../geo/geometry-type-error';
import { CoordinateTable } from '../geo/coordinate-table';

export interface RoadNetwork {
	readonly nodeCount: number;
	readonly nodeLon: Float64Array;
	readonly nodeLat: Float64Array;
	readonly edgeCount: number;
	readonly edgeFrom: Int32Array;
	readonly edgeTo: Int32Array;
	/** Geodesic length in metres. */
	readonly edgeLength: Float64Array;
	/** Index into ROAD_CLASSES. */
	readonly edgeClass: Uint8Array;
	/** Index of the road feature the edge belongs to. */
	readonly edgeFeature: Int32Array;
	/** Edges at node n: adjEdge[adjStart[n] .. adjStart[n+1]). A node's degree is that count. */
	readonly adjStart: Int32Array;
	readonly adjEdge: Int32Array;
	/** Bounding boxes of the edges, for snapping. */
	readonly edgeIndex: Flatbush;
}

export interface NetworkPosition {
	edge: number;
	/** Metres from the edge's first vertex. */
	offsetM: number;
	/** Metres from the snapped point to the road. */
	distanceM: number;
}

export function roadClassIndex(c: RoadClass): number {
	return ROAD_CLASSES.indexOf(c);
}

/** The line parts of a road feature; a non-line geometry is a GeometryTypeError. */
export function linePartsOf(feature: Feature, i: number, layer: string): Position[][] {
	const g = feature?.geometry;
	if (g?.type === 'LineString') return [g.coordinates];
	if (g?.type === 'MultiLineString') return g.coordinates;
	throw new GeometryTypeError(layer, i, g?.type ?? 'null', ['LineString', 'MultiLineString']);
}

export function buildRoadNetwork(input: FeatureCollection | readonly Feature[], layer = 'roads'): RoadNetwork {
	const features = featuresOf(input);
	const nodes = new CoordinateTable(features.length * 4);
	const from: number[] = [];
	const to: number[] = [];
	const length: number[] = [];
	const cls: number[] = [];
	const feat: number[] = [];
	features.forEach((feature, i) => {
		const parts = linePartsOf(feature, i, layer);
		const roadClass = roadClassOf(feature.properties);
		if (!roadClass) return;
		const ci = roadClassIndex(roadClass);
		for (const line of parts) {
			if (line.length < 2) continue;
			let a = nodes.idOf(line[0][0], line[0][1]);
			for (let k = 1; k < line.length; k++) {
				const b = nodes.idOf(line[k][0], line[k][1]);
				if (a === b) continue; // repeated vertex: no segment
				from.push(a);
				to.push(b);
				length.push(rulerAt((line[k - 1][1] + line[k][1]) / 2).distance(line[k - 1] as [number, number], line[k] as [number, number]));
				cls.push(ci);
				feat.push(i);
				a = b;
			}
		}
	});
	const lon = nodes.lon.subarray(0, nodes.size);
	const lat = nodes.lat.subarray(0, nodes.size);

	const nodeCount = lon.length;
	const edgeCount = from.length;
	const adjStart = new Int32Array(nodeCount + 1);
	for (let e = 0; e < edgeCount; e++) {
		adjStart[from[e] + 1]++;
		adjStart[to[e] + 1]++;
	}
	for (let n = 0; n < nodeCount; n++) adjStart[n + 1] += adjStart[n];
	const fill = adjStart.slice(0, nodeCount);
	const adjEdge = new Int32Array(edgeCount * 2);
	for (let e = 0; e < edgeCount; e++) {
		adjEdge[fill[from[e]]++] = e;
		adjEdge[fill[to[e]]++] = e;
	}

	const edgeIndex = new Flatbush(Math.max(edgeCount, 1));
	for (let e = 0; e < edgeCount; e++) {
		const a = from[e], b = to[e];
		edgeIndex.add(Math.min(lon[a], lon[b]), Math.min(lat[a], lat[b]), Math.max(lon[a], lon[b]), Math.max(lat[a], lat[b]));
	}
	if (edgeCount === 0) edgeIndex.add(1e9, 1e9, 1e9, 1e9);
	edgeIndex.finish();

	return {
		nodeCount,
		nodeLon: lon.slice(),
		nodeLat: lat.slice(),
		edgeCount,
		edgeFrom: Int32Array.from(from),
		edgeTo: Int32Array.from(to),
		edgeLength: Float64Array.from(length),
		edgeClass: Uint8Array.from(cls),
		edgeFeature: Int32Array.from(feat),
		adjStart,
		adjEdge,
		edgeIndex
	};
}

/** The nearest point of the nearest edge within `maxM` metres, or null. */
export function snapToNetwork(net: RoadNetwork, lon: number, lat: number, maxM: number): NetworkPosition | null {
	if (net.edgeCount === 0) return null;
	const ruler = rulerAt(lat);
	const dx = (maxM / ruler.kx) * 1.001;
	const dy = (maxM / ruler.ky) * 1.001;
	let best: NetworkPosition | null = null;
	for (const e of net.edgeIndex.search(lon - dx, lat - dy, lon + dx, lat + dy)) {
		if (e >= net.edgeCount) continue;
		const a = net.edgeFrom[e], b = net.edgeTo[e];
		// Project in the ruler's local metric plane, where the segment is straight.
		const ax = net.nodeLon[a], ay = net.nodeLat[a];
		const ux = (net.nodeLon[b] - ax) * ruler.kx, uy = (net.nodeLat[b] - ay) * ruler.ky;
		const px = (lon - ax) * ruler.kx, py = (lat - ay) * ruler.ky;
		const len2 = ux * ux + uy * uy;
		const t = len2 > 0 ? Math.max(0, Math.min(1, (px * ux + py * uy) / len2)) : 0;
		const d = Math.hypot(px - t * ux, py - t * uy);
		if (d <= maxM && (!best || d < best.distanceM)) best = { edge: e, offsetM: t * net.edgeLength[e], distanceM: d };
	}
	return best;
}

/** The coordinate at `offsetM` along edge e (edges are straight). */
export function pointOnEdge(net: RoadNetwork, e: number, offsetM: number): [number, number] {
	const a = net.edgeFrom[e], b = net.edgeTo[e];
	const t = net.edgeLength[e] > 0 ? offsetM / net.edgeLength[e] : 0;
	return [net.nodeLon[a] + t * (net.nodeLon[b] - net.nodeLon[a]), net.nodeLat[a] + t * (net.nodeLat[b] - net.nodeLat[a])];
}
