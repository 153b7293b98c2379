/**
 * Road hardening rate (道路硬底化率) overall, per road class and per zone, with the campaign target.
 *
 * Counted roads are those with a road class (`roadClassOf`: footways, paths and steps are not
 * roads here); each is hardened, unhardened or unknown by `hardeningOf`. Per zone, roads are
 * clipped exactly to the zone polygon (holes and MultiPolygons included) so a road crossing a zone
 * edge counts only the length inside. Lengths are ellipsoidal, measured with cheap-ruler at each
 * road's latitude (well under 0.1 % error over a road's length).
 *
 * A zone meets the target when its rate reaches `targetPct` (default 90 %) and its alleys reach
 * `alleyTargetPct` (default 100 %); a class or zone without any road of known surface has a null
 * rate and a null `meetsTarget`.
 */
import CheapRuler from 'cheap-ruler';
import Flatbush from 'flatbush';
import type { Feature, Geometry, MultiPolygon, Polygon, Position } from 'geojson';
import { ROAD_CLASSES, roadClassOf, type RoadClass } from '../domain/road-class';
import { hardeningOf, type Hardening } from '../domain/surface';
import { DEFAULT_RULES } from '../domain/rules';
import { polygonClipper } from '../geo/clip-line-to-polygon';
import { DEFAULT_ROAD_WIDTH_M, roadWidthOf } from './hardening-widths';
import { addRoadLength, emptyHardeningFigures, hardeningRatePct, meetsTarget, type HardeningFigures } from './hardening-figures';
import { zoneIdOf, zoneNameOf, type ZoneId } from './zone-identity';
import { featuresOf, type FeatureInput } from './zone-input';

export interface HardeningOptions {
	targetPct?: number;
	alleyTargetPct?: number;
	defaultWidthM?: Readonly<Record<RoadClass, number>>;
}

export interface ClassHardening extends HardeningFigures {
	roadClass: RoadClass;
	targetPct: number;
	meetsTarget: boolean | null;
}

export interface HardeningSummary extends HardeningFigures {
	/** Figures per road class, only for classes with some length. */
	byClass: ClassHardening[];
	/** Rate ≥ target and alleys ≥ the alley target; null when no road has a known surface. */
	meetsTarget: boolean | null;
}

export interface ZoneHardening extends HardeningSummary {
	id: ZoneId;
	name: string | null;
}

export interface HardeningResult extends HardeningSummary {
	targetPct: number;
	alleyTargetPct: number;
	/** Features with a road class and a line geometry. */
	roadsCounted: number;
	/** Features left out: no road class (footway, path, …) or no line geometry. */
	roadsSkipped: number;
	zones: ZoneHardening[];
}

/** How a road's length counts: its class, surface and width. */
export interface RoadCounting {
	roadClass: RoadClass;
	hardening: Hardening;
	widthM: number;
	widthDefaulted: boolean;
}

/** A road that counts, and its lines measured by its own ruler. */
export interface CountedRoad extends RoadCounting {
	lines: Position[][];
	ruler: CheapRuler;
	bbox: [number, number, number, number];
}

function linesOf(geometry: Geometry | null): Position[][] {
	if (!geometry) return [];
	if (geometry.type === 'LineString') return [geometry.coordinates];
	if (geometry.type === 'MultiLineString') return geometry.coordinates;
	return [];
}

/** The road as counted, or null when it does not count (no road class, or no line geometry). */
export function countedRoad(road: Feature<Geometry | null>, widths: Readonly<Record<RoadClass, number>> = DEFAULT_ROAD_WIDTH_M): CountedRoad | null {
	const roadClass = roadClassOf(road.properties);
	const lines = linesOf(road.geometry).filter((line) => line.length >= 2);
	if (roadClass === null || lines.length === 0) return null;
	let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
	for (const line of lines) {
		for (const [x, y] of line) {
			if (x < minX) minX = x;
			if (y < minY) minY = y;
			if (x > maxX) maxX = x;
			if (y > maxY) maxY = y;
		}
	}
	const { widthM, defaulted } = roadWidthOf(road.properties, roadClass, widths);
	return {
		roadClass,
		hardening: hardeningOf(road.properties),
		widthM,
		widthDefaulted: defaulted,
		lines,
		// One ruler per road, so a road lying wholly inside a zone measures the same in the zone as overall.
		ruler: new CheapRuler((minY + maxY) / 2, 'meters'),
		bbox: [minX, minY, maxX, maxY]
	};
}

function countedRoads(roads: FeatureInput, widths: Readonly<Record<RoadClass, number>>): { counted: CountedRoad[]; skipped: number } {
	const counted: CountedRoad[] = [];
	let skipped = 0;
	for (const road of featuresOf(roads)) {
		const c = countedRoad(road, widths);
		if (c) counted.push(c);
		else skipped++;
	}
	return { counted, skipped };
}

/** Sums lengths per class and finishes the rates; `add` feeds (road, lengthM) pairs. */
export class SummaryBuilder {
	private readonly total = emptyHardeningFigures();
	private readonly perClass = new Map<RoadClass, HardeningFigures>();

	add(road: RoadCounting, lengthM: number): void {
		if (lengthM <= 0) return;
		addRoadLength(this.total, road.hardening, lengthM, road.widthM, road.widthDefaulted);
		let figures = this.perClass.get(road.roadClass);
		if (!figures) this.perClass.set(road.roadClass, (figures = emptyHardeningFigures()));
		addRoadLength(figures, road.hardening, lengthM, road.widthM, road.widthDefaulted);
	}

	finish(targetPct: number, alleyTargetPct: number): HardeningSummary {
		return hardeningSummary(this.total, this.perClass, targetPct, alleyTargetPct);
	}
}

/** The rates and targets met of summed figures: overall, and per class for the classes in `perClass`. */
export function hardeningSummary(total: HardeningFigures, perClass: ReadonlyMap<RoadClass, HardeningFigures>, targetPct: number, alleyTargetPct: number): HardeningSummary {
	const byClass = ROAD_CLASSES.filter((c) => perClass.has(c)).map((roadClass): ClassHardening => {
		const figures = perClass.get(roadClass)!;
		const classTarget = roadClass === 'alley' ? alleyTargetPct : targetPct;
		const ratePct = hardeningRatePct(figures);
		return { roadClass, ...figures, ratePct, targetPct: classTarget, meetsTarget: meetsTarget(ratePct, classTarget) };
	});
	const ratePct = hardeningRatePct(total);
	const overall = meetsTarget(ratePct, targetPct);
	const alleys = byClass.find((c) => c.roadClass === 'alley');
	return {
		...total,
		ratePct,
		byClass,
		meetsTarget: overall === null ? null : overall && alleys?.meetsTarget !== false
	};
}

const lineLength = (ruler: CheapRuler, line: Position[]) => ruler.lineDistance(line as [number, number][]);

/** The whole length of a counted road, metres. */
export function roadLengthM(road: CountedRoad): number {
	return road.lines.reduce((sum, line) => sum + lineLength(road.ruler, line), 0);
}

/** The length of a counted road inside a zone, clipped exactly (holes and MultiPolygons included). */
export function roadLengthInZoneM(road: CountedRoad, clipper: ReturnType<typeof polygonClipper>): number {
	let lengthM = 0;
	for (const line of road.lines) for (const piece of clipper.clip(line)) lengthM += lineLength(road.ruler, piece);
	return lengthM;
}

export function hardeningRates(roads: FeatureInput, zones: FeatureInput = [], options: HardeningOptions = {}): HardeningResult {
	const targetPct = options.targetPct ?? DEFAULT_RULES.hardeningTargetPct;
	const alleyTargetPct = options.alleyTargetPct ?? DEFAULT_RULES.hardeningTargetAlleyPct;
	const { counted, skipped } = countedRoads(roads, options.defaultWidthM ?? DEFAULT_ROAD_WIDTH_M);

	const overall = new SummaryBuilder();
	for (const road of counted) overall.add(road, roadLengthM(road));

	// Road bboxes in a Flatbush index, so each zone clips only the roads that may reach it.
	const roadIndex = counted.length > 0 ? new Flatbush(counted.length) : null;
	if (roadIndex) {
		for (const { bbox } of counted) roadIndex.add(bbox[0], bbox[1], bbox[2], bbox[3]);
		roadIndex.finish();
	}

	const zoneResults = featuresOf(zones).map((zone: Feature<Geometry | null>, i): ZoneHardening => {
		const builder = new SummaryBuilder();
		const g = zone.geometry;
		if (roadIndex && g && (g.type === 'Polygon' || g.type === 'MultiPolygon')) {
			const clipper = polygonClipper(g as Polygon | MultiPolygon);
			const [minX, minY, maxX, maxY] = bboxOfPolygon(g as Polygon | MultiPolygon);
			for (const r of roadIndex.search(minX, minY, maxX, maxY)) builder.add(counted[r], roadLengthInZoneM(counted[r], clipper));
		}
		return { id: zoneIdOf(zone, i), name: zoneNameOf(zone), ...builder.finish(targetPct, alleyTargetPct) };
	});

	return {
		...overall.finish(targetPct, alleyTargetPct),
		targetPct,
		alleyTargetPct,
		roadsCounted: counted.length,
		roadsSkipped: skipped,
		zones: zoneResults
	};
}

export function bboxOfPolygon(geometry: Polygon | MultiPolygon): [number, number, number, number] {
	let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
	const outerRings = geometry.type === 'Polygon' ? [geometry.coordinates[0]] : geometry.coordinates.map((p) => p[0]);
	for (const ring of outerRings) {
		for (const [x, y] of ring ?? []) {
			if (x < minX) minX = x;
			if (y < minY) minY = y;
			if (x > maxX) maxX = x;
			if (y > maxY) maxY = y;
		}
	}
	return [minX, minY, maxX, maxY];
}
