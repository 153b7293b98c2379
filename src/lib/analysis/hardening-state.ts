/**
 * Road hardening per zone kept between requests: for each road segment, how it counts (class,
 * surface, width) and its length overall and inside each zone it reaches, worked out once and
 * again only when a changeset touches that road. A request sums these lengths instead of
 * clipping every road to every zone again; the answer is hardeningRates' (hardening-rate.ts) for
 * the same roads, up to the order the lengths are added in (hardening-state.test.ts).
 *
 * The zones are fixed for the life of one state: a changed zone means a new state.
 */
import Flatbush from 'flatbush';
import type { Feature, Geometry, MultiPolygon, Polygon } from 'geojson';
import { DEFAULT_RULES } from '../domain/rules';
import { polygonClipper } from '../geo/clip-line-to-polygon';
import { bboxOfPolygon, countedRoad, roadLengthInZoneM, roadLengthM, SummaryBuilder, type CountedRoad, type HardeningOptions, type HardeningResult } from './hardening-rate';
import { zoneIdOf, zoneNameOf, type ZoneId } from './zone-identity';

interface KeptRoad {
	road: CountedRoad;
	lengthM: number;
	/** [zone index, length inside it] for each zone the road reaches. */
	inZones: [number, number][];
}

export class HardeningState {
	private readonly zones: { id: ZoneId; name: string | null; clipper: ReturnType<typeof polygonClipper> | null }[];
	private readonly zoneIndex: Flatbush | null;
	/** Zone index per Flatbush entry (zones without a polygon have none). */
	private readonly indexed: number[] = [];
	private readonly roads = new Map<string | number, KeptRoad>();
	/** Roads that do not count (no road class or no line geometry). */
	private readonly skipped = new Set<string | number>();

	constructor(
		zones: ReadonlyArray<Feature<Geometry | null>>,
		private readonly options: Pick<HardeningOptions, 'defaultWidthM'> = {}
	) {
		this.zones = zones.map((zone, i) => {
			const g = zone.geometry;
			const polygon = g && (g.type === 'Polygon' || g.type === 'MultiPolygon') ? (g as Polygon | MultiPolygon) : null;
			if (polygon) this.indexed.push(i);
			return { id: zoneIdOf(zone, i), name: zoneNameOf(zone), clipper: polygon && polygonClipper(polygon) };
		});
		this.zoneIndex = this.indexed.length ? new Flatbush(this.indexed.length) : null;
		if (this.zoneIndex) {
			for (const i of this.indexed) {
				const [minX, minY, maxX, maxY] = bboxOfPolygon(zones[i].geometry as Polygon | MultiPolygon);
				this.zoneIndex.add(minX, minY, maxX, maxY);
			}
			this.zoneIndex.finish();
		}
	}

	get size(): number {
		return this.roads.size + this.skipped.size;
	}

	/** Adds a road segment, or replaces what is kept of it. */
	put(feature: Feature<Geometry | null>): void {
		if (feature.id === undefined) throw new Error('A kept road needs an id.');
		this.remove(feature.id);
		const road = countedRoad(feature, this.options.defaultWidthM);
		if (!road) {
			this.skipped.add(feature.id);
			return;
		}
		const inZones: [number, number][] = [];
		const [minX, minY, maxX, maxY] = road.bbox;
		for (const k of this.zoneIndex?.search(minX, minY, maxX, maxY) ?? []) {
			const zone = this.indexed[k];
			const lengthM = roadLengthInZoneM(road, this.zones[zone].clipper!);
			if (lengthM > 0) inZones.push([zone, lengthM]);
		}
		this.roads.set(feature.id, { road, lengthM: roadLengthM(road), inZones });
	}

	remove(id: string | number): void {
		this.roads.delete(id);
		this.skipped.delete(id);
	}

	/** What hardeningRates answers for the kept roads and the state's zones, with these targets. */
	rates(options: Pick<HardeningOptions, 'targetPct' | 'alleyTargetPct'> = {}): HardeningResult {
		const targetPct = options.targetPct ?? DEFAULT_RULES.hardeningTargetPct;
		const alleyTargetPct = options.alleyTargetPct ?? DEFAULT_RULES.hardeningTargetAlleyPct;
		const overall = new SummaryBuilder();
		const perZone = this.zones.map(() => new SummaryBuilder());
		for (const { road, lengthM, inZones } of this.roads.values()) {
			overall.add(road, lengthM);
			for (const [zone, inZoneM] of inZones) perZone[zone].add(road, inZoneM);
		}
		return {
			...overall.finish(targetPct, alleyTargetPct),
			targetPct,
			alleyTargetPct,
			roadsCounted: this.roads.size,
			roadsSkipped: this.skipped.size,
			zones: this.zones.map((zone, i) => ({ id: zone.id, name: zone.name, ...perZone[i].finish(targetPct, alleyTargetPct) }))
		};
	}
}
