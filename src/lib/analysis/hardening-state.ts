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
 *
 * `toSaved` gives what is kept of the roads as columns, and `fromSaved` takes them back over the
 * same zones, so that a restarted server need not measure every road again (saved-states.ts).
 */
import Flatbush from 'flatbush';
import type { Feature, Geometry, MultiPolygon, Polygon } from 'geojson';
import { ROAD_CLASSES } from '../domain/road-class';
import { DEFAULT_RULES } from '../domain/rules';
import { HARDENINGS } from '../domain/surface';
import { polygonClipper } from '../geo/clip-line-to-polygon';
import { bboxOfPolygon, countedRoad, roadLengthInZoneM, roadLengthM, type HardeningOptions, type HardeningResult, type RoadCounting } from './hardening-rate';
import { HardeningSums } from './hardening-sums';
import { zoneIdOf, zoneNameOf, type ZoneId } from './zone-identity';

/** The kept roads as columns, one entry per counted road, and the ids of those skipped. */
export interface SavedHardening {
	options: string;
	zoneCount: number;
	ids: Float64Array;
	roadClass: Uint8Array;
	hardening: Uint8Array;
	widthM: Float64Array;
	widthDefaulted: Uint8Array;
	lengthM: Float64Array;
	/** Where each road's zones start in `inZone` / `inZoneM`; one more entry than roads. */
	inZoneStart: Uint32Array;
	inZone: Uint32Array;
	inZoneM: Float64Array;
	skipped: Float64Array;
}

interface KeptRoad {
	/** Only how it counts: its lines are not needed again once measured. */
	road: RoadCounting;
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
		const { roadClass, hardening, widthM, widthDefaulted } = road;
		this.keep(feature.id, { road: { roadClass, hardening, widthM, widthDefaulted }, lengthM: roadLengthM(road), inZones });
	}

	private keep(id: string | number, kept: KeptRoad): void {
		this.roads.set(id, kept);
		this.sums.add(this.overallGroup, kept.road, kept.lengthM);
		for (const [zone, inZoneM] of kept.inZones) this.sums.add(zone, kept.road, inZoneM);
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

	/** What is kept of the roads as columns; null when a road's id is not a number (only stored features are saved). */
	toSaved(): SavedHardening | null {
		const n = this.roads.size;
		const saved: SavedHardening = {
			options: JSON.stringify(this.options),
			zoneCount: this.zones.length,
			ids: new Float64Array(n),
			roadClass: new Uint8Array(n),
			hardening: new Uint8Array(n),
			widthM: new Float64Array(n),
			widthDefaulted: new Uint8Array(n),
			lengthM: new Float64Array(n),
			inZoneStart: new Uint32Array(n + 1),
			inZone: new Uint32Array([...this.roads.values()].reduce((sum, kept) => sum + kept.inZones.length, 0)),
			inZoneM: new Float64Array(0),
			skipped: new Float64Array(this.skipped.size)
		};
		saved.inZoneM = new Float64Array(saved.inZone.length);
		let i = 0, z = 0;
		for (const [id, kept] of this.roads) {
			if (typeof id !== 'number') return null;
			saved.ids[i] = id;
			saved.roadClass[i] = ROAD_CLASSES.indexOf(kept.road.roadClass);
			saved.hardening[i] = HARDENINGS.indexOf(kept.road.hardening);
			saved.widthM[i] = kept.road.widthM;
			saved.widthDefaulted[i] = kept.road.widthDefaulted ? 1 : 0;
			saved.lengthM[i] = kept.lengthM;
			for (const [zone, inZoneM] of kept.inZones) {
				saved.inZone[z] = zone;
				saved.inZoneM[z++] = inZoneM;
			}
			saved.inZoneStart[++i] = z;
		}
		i = 0;
		for (const id of this.skipped) {
			if (typeof id !== 'number') return null;
			saved.skipped[i++] = id;
		}
		return saved;
	}

	/** The state `toSaved` gave, over the same zones and options; null when they are not the same. */
	static fromSaved(zones: ReadonlyArray<Feature<Geometry | null>>, options: Pick<HardeningOptions, 'defaultWidthM'>, saved: SavedHardening): HardeningState | null {
		if (saved.options !== JSON.stringify(options) || saved.zoneCount !== zones.length) return null;
		const state = new HardeningState(zones, options);
		for (let i = 0; i < saved.ids.length; i++) {
			const road = { roadClass: ROAD_CLASSES[saved.roadClass[i]], hardening: HARDENINGS[saved.hardening[i]], widthM: saved.widthM[i], widthDefaulted: saved.widthDefaulted[i] === 1 };
			const inZones: [number, number][] = [];
			for (let z = saved.inZoneStart[i]; z < saved.inZoneStart[i + 1]; z++) inZones.push([saved.inZone[z], saved.inZoneM[z]]);
			state.keep(saved.ids[i], { road, lengthM: saved.lengthM[i], inZones });
		}
		for (const id of saved.skipped) state.skipped.add(id);
		return state;
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
