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
import { joinGapPieces, type GapPiece } from './gaps-stretches';

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
	/** The gap stretches, one LineString each. */
	gapLines: FeatureCollection<LineString, GapLineProperties>;
}

const cm = (m: number) => Math.round(m * 100) / 100;
/** Shared by the many edges without a bin, rather than a new empty array for each. */
const NO_BINS: readonly number[] = [];

export function computeSpacingGaps(bins: Features, roads: Features, options: SpacingGapOptions = {}): SpacingGapResult {
	return spacingGapsOnNetwork(buildRoadNetwork(roads, 'roads'), pointLayerOf(bins, 'bins'), options);
}

/** The same analysis on an already built network and bin layer (siting reuses both). */
export function spacingGapsOnNetwork(net: RoadNetwork, bins: PointLayer, options: SpacingGapOptions = {}): SpacingGapResult {
	const snapM = options.snapM ?? DEFAULT_SNAP_M;
	if (!Number.isFinite(snapM) || snapM < 0) throw new RangeError(`snapM must be a non-negative number, got ${snapM}.`);
	const spacing: BinSpacing = resolveBinSpacing(options.binSpacingM ?? {});
	const half = ROAD_CLASSES.map((c) => spacing[c] / 2);

	const snapped: NetworkPosition[] = [];
	for (let i = 0; i < bins.count; i++) {
		const pos = snapToNetwork(net, bins.lon[i], bins.lat[i], snapM);
		if (pos) snapped.push(pos);
	}
	const binsOnEdge = new Map<number, number[]>();
	for (const s of snapped) {
		const list = binsOnEdge.get(s.edge);
		if (list) list.push(s.offsetM);
		else binsOnEdge.set(s.edge, [s.offsetM]);
	}
	const dist = nodeDistancesFrom(net, snapped, Math.max(...half));

	const zoneLookup = options.zones ? buildZoneLookup(options.zones, 'zones') : null;
	const zoneRoad = new Float64Array(zoneLookup?.zones.length ?? 0);
	const zoneGap = new Float64Array(zoneRoad.length);
	const classRoad = new Float64Array(ROAD_CLASSES.length);
	const classGap = new Float64Array(ROAD_CLASSES.length);
	const pieces: GapPiece[] = [];
	for (let e = 0; e < net.edgeCount; e++) {
		const L = net.edgeLength[e];
		const c = net.edgeClass[e];
		const intervals: GapInterval[] = gapIntervals(L, dist[net.edgeFrom[e]], dist[net.edgeTo[e]], binsOnEdge.get(e) ?? NO_BINS, half[c]);
		let gap = 0;
		for (const [startM, endM] of intervals) {
			pieces.push({ edge: e, startM, endM });
			gap += endM - startM;
		}
		classRoad[c] += L;
		classGap[c] += gap;
		if (zoneLookup) {
			const [lon, lat] = pointOnEdge(net, e, L / 2);
			const z = zoneLookup.zoneAt(lon, lat);
			if (z >= 0) {
				zoneRoad[z] += L;
				zoneGap[z] += gap;
			}
		}
	}

	const stretches = joinGapPieces(net, pieces);
	const byClass = {} as Record<RoadClass, ClassGaps>;
	ROAD_CLASSES.forEach((c, i) => {
		byClass[c] = { roadLengthM: cm(classRoad[i]), gapLengthM: cm(classGap[i]), spacingM: spacing[c] };
	});
	return {
		roadLengthM: cm(classRoad.reduce((a, b) => a + b, 0)),
		gapLengthM: cm(classGap.reduce((a, b) => a + b, 0)),
		gaps: stretches.length,
		byClass,
		zones: (zoneLookup?.zones ?? []).map((ref, z) => ({ ...ref, roadLengthM: cm(zoneRoad[z]), gapLengthM: cm(zoneGap[z]) })),
		snappedBins: snapped.length,
		unsnappedBins: bins.count - snapped.length,
		gapLines: {
			type: 'FeatureCollection',
			features: stretches.map((s) => {
				const roadClass = ROAD_CLASSES[s.classIndex];
				return {
					type: 'Feature',
					geometry: { type: 'LineString', coordinates: s.coordinates },
					properties: { roadClass, lengthM: cm(s.lengthM), spacingM: spacing[roadClass] }
				};
			})
		}
	};
}
