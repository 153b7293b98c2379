/**
 * Road hardening per zone kept between requests: for each road segment, how it counts (class,
 * surface, width) and its length overall and inside each zone it reaches, worked out once and
 * again only when a changeset touches that road; and the sums of those lengths per zone and road
 * class (HardeningSums), from which the road's old part is taken and its new part added. A request
 * reads the sums instead of clipping or even adding up every road again; the answer is
 * hardeningRates' (hardening-rate.ts) for the same roads, up to the order the lengths are added in
 * (hardening-state.test.ts).
 *
 * The zones are fixed for the life of one state: a changed zone means a new state.
 */
import Flatbush from 'flatbush';
import type { Feature, Geometry, MultiPolygon, Polygon } from 'geojson';
import { DEFAULT_RULES } from '../domain/rules';
import { polygonClipper } from '../geo/clip-line-to-polygon';
import { bboxOfPolygon, countedRoad, roadLengthInZoneM, roadLengthM, type CountedRoad, type HardeningOptions, type HardeningResult } from './hardening-rate';
import { HardeningSums } from './hardening-sums';
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
	/** One group per zone, then one for all the roads. */
	private readonly sums: HardeningSums;
	private readonly overallGroup: number;

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
		this.overallGroup = this.zones.length;
		this.sums = new HardeningSums(this.zones.length + 1);
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
		const kept = { road, lengthM: roadLengthM(road), inZones };
		this.roads.set(feature.id, kept);
		this.sums.add(this.overallGroup, road, kept.lengthM);
		for (const [zone, inZoneM] of inZones) this.sums.add(zone, road, inZoneM);
	}

	remove(id: string | number): void {
		const kept = this.roads.get(id);
		if (kept) {
			this.sums.subtract(this.overallGroup, kept.road, kept.lengthM);
			for (const [zone, inZoneM] of kept.inZones) this.sums.subtract(zone, kept.road, inZoneM);
			this.roads.delete(id);
		}
		this.skipped.delete(id);
	}

	/** What hardeningRates answers for the kept roads and the state's zones, with these targets. */
	rates(options: Pick<HardeningOptions, 'targetPct' | 'alleyTargetPct'> = {}): HardeningResult {
		const targetPct = options.targetPct ?? DEFAULT_RULES.hardeningTargetPct;
		const alleyTargetPct = options.alleyTargetPct ?? DEFAULT_RULES.hardeningTargetAlleyPct;
		return {
			...this.sums.summary(this.overallGroup, targetPct, alleyTargetPct),
			targetPct,
			alleyTargetPct,
			roadsCounted: this.roads.size,
			roadsSkipped: this.skipped.size,
			zones: this.zones.map((zone, i) => ({ id: zone.id, name: zone.name, ...this.sums.summary(i, targetPct, alleyTargetPct) }))
		};
	}
}
