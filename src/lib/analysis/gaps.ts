/**
 * Spacing gaps along roads: every point of a counted road should be within S/2 of a bin along the
 * road network, S being the maximum bin spacing of that road's class (CJJ 27; see gaps-spacing.ts).
 * A gap is a maximal stretch where that fails, and its length is what is missing.
 *
 * 1. The counted roads become a graph that connects where roads share a vertex (road-network.ts).
 * 2. Each bin is snapped to the nearest point of the nearest counted road within `snapM` metres
 *    (default 20); bins farther from every road do not count.
 * 3. A multi-source Dijkstra from the snapped bins gives every node its network distance to the
 *    nearest bin (cut off at the largest S/2, beyond which nothing is covered anyway).
 * 4. On each edge, the distance at every position follows from its two ends and the bins snapped
 *    onto it; the positions beyond S/2 are computed exactly (gaps-intervals.ts) and joined into
 *    stretches (gaps-stretches.ts).
 *
 * Zone totals assign each edge (one segment between consecutive vertices, typically a few tens of
 * metres) wholly to the zone containing its midpoint, road length and gap length alike, so a zone's
 * gap never exceeds its road length. Overlapping zones: the first in input order (zone-lookup.ts).
 */
import type { Feature, FeatureCollection, LineString } from 'geojson';
import { ROAD_CLASSES, type RoadClass } from '../domain/road-class';
import { pointLayerOf, type PointLayer } from '../geo/point-layer';
import { buildRoadNetwork, pointOnEdge, snapToNetwork, type NetworkPosition, type RoadNetwork } from './road-network';
import { nodeDistancesFrom } from './network-distance';
import { buildZoneLookup, type ZoneRef } from '../geo/zone-lookup';
import { resolveBinSpacing, type BinSpacing } from './gaps-spacing';
import { gapIntervals, type GapInterval } from './gaps-intervals';
import { chainGapPieces, stretchOf, type GapChain, type GapPiece } from './gaps-stretches';

type Features = FeatureCollection | readonly Feature[];

/** Bins farther than this from every counted road do not count for spacing (metres). */
export const DEFAULT_SNAP_M = 20;

export interface SpacingGapOptions {
	/** Snapping distance in metres (default 20). */
	snapM?: number;
	/** Per-class spacing overrides merged over DEFAULT_RULES.binSpacingM, e.g. `{ alley: 300 }`. */
	binSpacingM?: Readonly<Partial<Record<RoadClass, number>>>;
	/** Zone polygons for per-zone totals. */
	zones?: Features;
}

export interface ClassGaps {
	roadLengthM: number;
	gapLengthM: number;
	spacingM: number;
}

export interface ZoneGaps extends ZoneRef {
	roadLengthM: number;
	gapLengthM: number;
}

export interface GapLineProperties {
	roadClass: RoadClass;
	lengthM: number;
	spacingM: number;
}

/** A gap stretch as the results give it: numbered from 1 in stretch order. */
export type GapLine = Feature<LineString, GapLineProperties> & { id: number };
export type GapLines = FeatureCollection<LineString, GapLineProperties> & { features: GapLine[] };

export interface SpacingGapResult {
	/** Total length of counted roads, metres. */
	roadLengthM: number;
	gapLengthM: number;
	/** Number of gap stretches. */
	gaps: number;
	byClass: Record<RoadClass, ClassGaps>;
	zones: ZoneGaps[];
	/** Bins snapped onto a counted road / left out for being farther than `snapM`. */
	snappedBins: number;
	unsnappedBins: number;
	/** The gap stretches, one LineString each, numbered from 1. */
	gapLines: GapLines;
}

const cm = (m: number) => Math.round(m * 100) / 100;
/** Shared by the many edges without a bin, rather than a new empty array for each. */
const NO_BINS: readonly number[] = [];

export function computeSpacingGaps(bins: Features, roads: Features, options: SpacingGapOptions = {}): SpacingGapResult {
	return spacingGapsOnNetwork(buildRoadNetwork(roads, 'roads'), pointLayerOf(bins, 'bins'), options);
}

/** The same analysis on an already built network and bin layer (siting reuses both). */
export function spacingGapsOnNetwork(net: RoadNetwork, bins: PointLayer, options: SpacingGapOptions = {}): SpacingGapResult {
	const basis = gapsBasis(net, options);
	const snapped: NetworkPosition[] = [];
	for (let i = 0; i < bins.count; i++) {
		const pos = snapBin(basis, bins.lon[i], bins.lat[i]);
		if (pos) snapped.push(pos);
	}
	return gapsOfSnappedBins(basis, snapped, bins.count);
}

/** What the gaps of one road network rest on besides the bins: the snapping distance, the spacing, and each edge's zone. */
export interface GapsBasis {
	readonly net: RoadNetwork;
	readonly snapM: number;
	readonly spacing: BinSpacing;
	/** S/2 per road class, in ROAD_CLASSES order. */
	readonly half: readonly number[];
	readonly zones: readonly ZoneRef[];
	/** Per edge, the zone its midpoint lies in (-1 for none). */
	readonly edgeZone: Int32Array;
}

export function gapsBasis(net: RoadNetwork, options: SpacingGapOptions = {}): GapsBasis {
	const snapM = options.snapM ?? DEFAULT_SNAP_M;
	if (!Number.isFinite(snapM) || snapM < 0) throw new RangeError(`snapM must be a non-negative number, got ${snapM}.`);
	const spacing: BinSpacing = resolveBinSpacing(options.binSpacingM ?? {});
	const zoneLookup = options.zones ? buildZoneLookup(options.zones, 'zones') : null;
	const edgeZone = new Int32Array(net.edgeCount).fill(-1);
	if (zoneLookup) {
		for (let e = 0; e < net.edgeCount; e++) {
			const [lon, lat] = pointOnEdge(net, e, net.edgeLength[e] / 2);
			edgeZone[e] = zoneLookup.zoneAt(lon, lat);
		}
	}
	return { net, snapM, spacing, half: ROAD_CLASSES.map((c) => spacing[c] / 2), zones: zoneLookup?.zones ?? [], edgeZone };
}

/** Where a bin lies on the network: the nearest point of the nearest counted road within the snapping distance, else null (it does not count). */
export function snapBin(basis: GapsBasis, lon: number, lat: number): NetworkPosition | null {
	return snapToNetwork(basis.net, lon, lat, basis.snapM);
}

/** The gaps left by the bins snapped at `snapped`, `binPoints` bin points in all (the unsnapped ones too). */
export function gapsOfSnappedBins(basis: GapsBasis, snapped: readonly NetworkPosition[], binPoints: number): SpacingGapResult {
	const { intervals } = edgeGapsOf(basis, snapped);
	const pieces = gapPiecesOf(basis, intervals);
	return { ...gapFiguresOf(basis, intervals, pieces.chains.length, snapped.length, binPoints), gapLines: gapLinesOf(basis, pieces) };
}

/** Every node's network distance to the nearest of the bins at `snapped`, and every edge's gaps. */
export function edgeGapsOf(basis: GapsBasis, snapped: readonly NetworkPosition[]): { dist: Float64Array; intervals: GapInterval[][] } {
	const binsOnEdge = binsOnEdgeOf(snapped);
	const dist = nodeDistancesFrom(basis.net, snapped, gapsCutoffM(basis));
	const intervals: GapInterval[][] = [];
	for (let e = 0; e < basis.net.edgeCount; e++) intervals.push(edgeGapIntervals(basis, dist, binsOnEdge, e));
	return { dist, intervals };
}

export type GapFigures = Omit<SpacingGapResult, 'gapLines'>;

/** How far the network distances are searched: the largest S/2, beyond which nothing is covered. */
export function gapsCutoffM(basis: GapsBasis): number {
	return Math.max(...basis.half);
}

/** The offsets of the bins on each edge that has any. */
export function binsOnEdgeOf(snapped: readonly NetworkPosition[]): Map<number, number[]> {
	const binsOnEdge = new Map<number, number[]>();
	for (const s of snapped) addBinOnEdge(binsOnEdge, s);
	return binsOnEdge;
}

export function addBinOnEdge(binsOnEdge: Map<number, number[]>, place: NetworkPosition): void {
	const list = binsOnEdge.get(place.edge);
	if (list) list.push(place.offsetM);
	else binsOnEdge.set(place.edge, [place.offsetM]);
}

/** The gaps of edge `e`, given the network distances of its ends and the bins on it. */
export function edgeGapIntervals(basis: GapsBasis, dist: Float64Array, binsOnEdge: ReadonlyMap<number, readonly number[]>, e: number): GapInterval[] {
	const { net } = basis;
	return gapIntervals(net.edgeLength[e], dist[net.edgeFrom[e]], dist[net.edgeTo[e]], binsOnEdge.get(e) ?? NO_BINS, basis.half[net.edgeClass[e]]);
}

/** Every edge's gaps as pieces, in edge order, and the pieces joined into the stretches. */
export interface GapPieces {
	pieces: GapPiece[];
	chains: GapChain[];
}

export function gapPiecesOf(basis: GapsBasis, intervals: readonly (readonly GapInterval[])[]): GapPieces {
	const pieces: GapPiece[] = [];
	intervals.forEach((edgeIntervals, edge) => {
		for (const [startM, endM] of edgeIntervals) pieces.push({ edge, startM, endM });
	});
	return { pieces, chains: chainGapPieces(basis.net, pieces) };
}

/** The totals per class and zone over every edge's gaps (`intervals`, one list per edge). */
export function gapFiguresOf(basis: GapsBasis, intervals: readonly (readonly GapInterval[])[], stretches: number, snappedBins: number, binPoints: number): GapFigures {
	const { net, spacing, edgeZone } = basis;
	const zoneRoad = new Float64Array(basis.zones.length);
	const zoneGap = new Float64Array(zoneRoad.length);
	const classRoad = new Float64Array(ROAD_CLASSES.length);
	const classGap = new Float64Array(ROAD_CLASSES.length);
	for (let e = 0; e < net.edgeCount; e++) {
		const L = net.edgeLength[e];
		const c = net.edgeClass[e];
		let gap = 0;
		for (const [startM, endM] of intervals[e]) gap += endM - startM;
		classRoad[c] += L;
		classGap[c] += gap;
		const z = edgeZone[e];
		if (z >= 0) {
			zoneRoad[z] += L;
			zoneGap[z] += gap;
		}
	}
	const byClass = {} as Record<RoadClass, ClassGaps>;
	ROAD_CLASSES.forEach((c, i) => {
		byClass[c] = { roadLengthM: cm(classRoad[i]), gapLengthM: cm(classGap[i]), spacingM: spacing[c] };
	});
	return {
		roadLengthM: cm(classRoad.reduce((a, b) => a + b, 0)),
		gapLengthM: cm(classGap.reduce((a, b) => a + b, 0)),
		gaps: stretches,
		byClass,
		zones: basis.zones.map((ref, z) => ({ ...ref, roadLengthM: cm(zoneRoad[z]), gapLengthM: cm(zoneGap[z]) })),
		snappedBins,
		unsnappedBins: binPoints - snappedBins
	};
}

/** The stretches, one LineString each, numbered from 1. */
export function gapLinesOf(basis: GapsBasis, { pieces, chains }: GapPieces): GapLines {
	return {
		type: 'FeatureCollection',
		features: chains.map((chain, k) => {
			const s = stretchOf(basis.net, pieces, chain);
			const roadClass = ROAD_CLASSES[s.classIndex];
			return {
				type: 'Feature',
				id: k + 1,
				geometry: { type: 'LineString', coordinates: s.coordinates },
				properties: { roadClass, lengthM: cm(s.lengthM), spacingM: basis.spacing[roadClass] }
			};
		})
	};
}
