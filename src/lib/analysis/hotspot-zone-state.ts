/**
 * The hotspots per zone kept between requests: for each hotspot its zone and the facts the
 * figures need (status, category, dates already read), updated one feature at a time as
 * changesets touch them. A request then scans these facts instead of parsing every case and
 * searching every point again, and answers exactly what aggregateHotspotsByZone answers for the
 * same features (zone-aggregate.ts; hotspot-zone-state.test.ts checks it against random edits).
 *
 * Any period, category or status list is answered from it, since the facts, not the counts, are
 * kept. The zones are fixed for the life of one state: a changed zone means a new state.
 *
 * The facts are columns of typed arrays, one slot per hotspot: a scan of 10⁵ objects took 90 ms,
 * mostly in reading their fields; the columns are read in a few.
 */
import type { Feature, Geometry } from 'geojson';
import { statusOf } from '../domain/hotspot-lifecycle';
import { buildZoneIndex, OUTSIDE_ALL_ZONES, type ZoneIndex } from '../geo/zone-index';
import { zoneAggregate, zoneSummaries, type ZoneAggregateResult, type ZoneSummary } from './zone-aggregate';
import { zoneGeometries } from './zone-assign';
import { HotspotTallies, hotspotInstant, isOpenHotspot, isResolvedHotspot } from './zone-hotspot-measures';
import { hasBounds, type InstantRange } from './time-buckets';

/** A hotspot without a usable Point geometry: counted apart, in no zone. */
const UNLOCATED = -2;
const FREE = -3;
const LIVE = 1, OPEN = 2, RESOLVED = 4;
const NOT_SELECTED = 0, OUT_OF_RANGE = 1, IN_RANGE = 2;
type Selected = typeof NOT_SELECTED | typeof OUT_OF_RANGE | typeof IN_RANGE;

/** A selection read once for a scan: per category and status code whether it is asked for, and the range's bounds. */
interface Selector {
	categories: Uint8Array;
	statuses: Uint8Array;
	bounded: boolean;
	from: number;
	to: number;
}

export interface HotspotSelection {
	range?: InstantRange;
	/** Only hotspots of these categories (all when left out). */
	categories?: readonly string[];
	/** Only hotspots in these lifecycle states (all when left out). */
	statuses?: readonly string[];
}

/** The kept facts as saved (saved-states.ts): the columns up to the last slot used. */
export interface SavedHotspots {
	timeZone: string;
	dateField: string;
	zoneIds: string;
	/** Per slot, the hotspot's id; NaN for a free slot. */
	ids: Float64Array;
	freeSlots: number[];
	categories: string[];
	statuses: string[];
	zone: Int32Array;
	flags: Uint8Array;
	category: Uint32Array;
	status: Uint8Array;
	reportedAt: Float64Array;
	dueAt: Float64Array;
	resolvedAt: Float64Array;
	/** The date field's column, when it is not `reportedAt`. */
	dated: Float64Array | null;
}

/** Strings as small numbers, so that a column can hold them. */
class Codes {
	private readonly codes = new Map<string, number>();
	/** The strings, in code order. */
	get values(): string[] {
		return [...this.codes.keys()];
	}
	code(value: string): number {
		let c = this.codes.get(value);
		if (c === undefined) this.codes.set(value, (c = this.codes.size));
		return c;
	}
	/** Per code, whether it is one of `values` (all true when there is no list). */
	mask(values: readonly string[] | undefined): Uint8Array {
		const mask = new Uint8Array(this.codes.size + 1).fill(values ? 0 : 1);
		if (values) for (const v of values) if (this.codes.has(v)) mask[this.codes.get(v)!] = 1;
		return mask;
	}
}

export class HotspotZoneState {
	private readonly index: ZoneIndex;
	private readonly zones: ZoneSummary[];
	private readonly slotOf = new Map<string | number, number>();
	private readonly freeSlots: number[] = [];
	private readonly categories = new Codes();
	private readonly statuses = new Codes();
	private used = 0;
	private zone: Int32Array = new Int32Array(0);
	private flags: Uint8Array = new Uint8Array(0);
	private category: Uint32Array = new Uint32Array(0);
	private status: Uint8Array = new Uint8Array(0);
	private reportedAt: Float64Array = new Float64Array(0);
	private dueAt: Float64Array = new Float64Array(0);
	private resolvedAt: Float64Array = new Float64Array(0);
	/** The date a range selects by: `reportedAt`'s column itself, unless another field is asked for. */
	private dated = this.reportedAt;

	constructor(
		zones: ReadonlyArray<Feature<Geometry | null>>,
		/** The zone dates without an offset are read in. */
		private readonly timeZone: string,
		/** The property a range applies to (the CLI's `--date-field`). */
		private readonly dateField = 'reportedAt'
	) {
		this.index = buildZoneIndex(zoneGeometries(zones));
		this.zones = zoneSummaries(zones);
	}

	/** The zones' ids, in the order of the figures. */
	get zoneIds(): ZoneSummary['id'][] {
		return this.zones.map((z) => z.id);
	}

	/** Hotspots kept (appended ones too). */
	get size(): number {
		return this.used - this.freeSlots.length;
	}

	/** Adds a hotspot, or replaces what is kept of it. */
	put(hotspot: Feature<Geometry | null>): void {
		if (hotspot.id === undefined) throw new Error('A kept hotspot needs an id.');
		let slot = this.slotOf.get(hotspot.id);
		if (slot === undefined) {
			slot = this.freeSlots.pop() ?? this.newSlot();
			this.slotOf.set(hotspot.id, slot);
		}
		this.write(slot, hotspot);
	}

	/**
	 * Adds a hotspot that is never replaced or removed, with or without an id: one count over a
	 * file (the `zones` command), where two features may share an id and each counts.
	 */
	append(hotspot: Feature<Geometry | null>): void {
		this.write(this.newSlot(), hotspot);
	}

	private write(slot: number, hotspot: Feature<Geometry | null>): void {
		const p = hotspot.properties ?? {};
		this.zone[slot] = this.zoneOf(hotspot.geometry);
		this.flags[slot] = LIVE | (isOpenHotspot(p) ? OPEN : 0) | (isResolvedHotspot(p) ? RESOLVED : 0);
		this.category[slot] = this.categories.code(String(p.category));
		this.status[slot] = this.statuses.code(statusOf(p));
		this.reportedAt[slot] = hotspotInstant(p.reportedAt, this.timeZone);
		this.dueAt[slot] = hotspotInstant(p.dueAt, this.timeZone);
		this.resolvedAt[slot] = hotspotInstant(p.resolvedAt, this.timeZone);
		if (this.dateField !== 'reportedAt') this.dated[slot] = hotspotInstant(p[this.dateField], this.timeZone);
	}

	remove(id: string | number): void {
		const slot = this.slotOf.get(id);
		if (slot === undefined) return;
		this.slotOf.delete(id);
		this.flags[slot] = 0;
		this.zone[slot] = FREE;
		this.freeSlots.push(slot);
	}

	/** What aggregateHotspotsByZone answers for the selected hotspots (range on the date field). */
	aggregate(now: number, selection: HotspotSelection = {}): ZoneAggregateResult {
		const tallies = new HotspotTallies(this.zones.length, now, this.used);
		const asked = this.selector(selection);
		const { flags, reportedAt, dueAt, resolvedAt, zone } = this;
		let outside = 0, unlocated = 0, excludedByDate = 0;
		// One loop over the columns, without a callback per case: at a million cases the calls cost more than the counting.
		for (let slot = 0; slot < this.used; slot++) {
			const selected = this.selects(asked, slot);
			if (selected === NOT_SELECTED) continue;
			const z = zone[slot];
			if (selected === OUT_OF_RANGE) excludedByDate++;
			else if (z === UNLOCATED) unlocated++;
			else if (z === OUTSIDE_ALL_ZONES) outside++;
			else tallies.add(z, (flags[slot] & OPEN) !== 0, (flags[slot] & RESOLVED) !== 0, reportedAt[slot], dueAt[slot], resolvedAt[slot]);
		}
		const measures = tallies.measures();
		return { zones: this.zones.map((zone, i) => zoneAggregate(zone, measures[i])), outside, excludedByDate, unlocated };
	}

	/**
	 * The report instants (the date field's) of the selected hotspots dated inside a bounded range:
	 * all of them, and per zone (in zone order), for counting by week.
	 */
	reportedInstants(selection: HotspotSelection & { range: Required<InstantRange> }): { all: number[]; byZone: number[][] } {
		const all: number[] = [];
		const byZone: number[][] = this.zones.map(() => []);
		const asked = this.selector(selection);
		for (let slot = 0; slot < this.used; slot++) {
			if (this.selects(asked, slot) !== IN_RANGE) continue;
			const ms = this.dated[slot];
			all.push(ms);
			if (this.zone[slot] >= 0) byZone[this.zone[slot]].push(ms);
		}
		return { all, byZone };
	}

	private selector({ range = {}, categories, statuses }: HotspotSelection): Selector {
		return { categories: this.categories.mask(categories), statuses: this.statuses.mask(statuses), bounded: hasBounds(range), from: range.from ?? -Infinity, to: range.to ?? Infinity };
	}

	/**
	 * Whether a kept hotspot is of the categories and statuses asked for and, if so, whether its
	 * report date is in the range (always, for a range without bounds; never, undated, for one with).
	 */
	private selects(asked: Selector, slot: number): Selected {
		if (!(this.flags[slot] & LIVE) || !asked.categories[this.category[slot]] || !asked.statuses[this.status[slot]]) return NOT_SELECTED;
		const dated = this.dated[slot];
		// An undated case (NaN) fails both comparisons.
		return !asked.bounded || (dated >= asked.from && dated < asked.to) ? IN_RANGE : OUT_OF_RANGE;
	}

	/**
	 * The kept facts as columns; null when a hotspot's id is not a number (only stored features are
	 * saved) or hotspots were appended (a count over a file, never saved).
	 */
	toSaved(): SavedHotspots | null {
		if (this.slotOf.size + this.freeSlots.length !== this.used) return null;
		const ids = new Float64Array(this.used).fill(NaN);
		for (const [id, slot] of this.slotOf) {
			if (typeof id !== 'number') return null;
			ids[slot] = id;
		}
		const upToUsed = <T extends Int32Array | Uint8Array | Uint32Array | Float64Array>(column: T) => column.slice(0, this.used) as T;
		return {
			timeZone: this.timeZone,
			dateField: this.dateField,
			zoneIds: JSON.stringify(this.zoneIds),
			ids,
			freeSlots: [...this.freeSlots],
			categories: this.categories.values,
			statuses: this.statuses.values,
			zone: upToUsed(this.zone),
			flags: upToUsed(this.flags),
			category: upToUsed(this.category),
			status: upToUsed(this.status),
			reportedAt: upToUsed(this.reportedAt),
			dueAt: upToUsed(this.dueAt),
			resolvedAt: upToUsed(this.resolvedAt),
			dated: this.dateField === 'reportedAt' ? null : upToUsed(this.dated)
		};
	}

	/** The state `toSaved` gave, over the same zones, time zone and date field; null when they are not the same. */
	static fromSaved(zones: ReadonlyArray<Feature<Geometry | null>>, timeZone: string, saved: SavedHotspots): HotspotZoneState | null {
		const state = new HotspotZoneState(zones, timeZone, saved.dateField);
		if (saved.timeZone !== timeZone || saved.zoneIds !== JSON.stringify(state.zoneIds)) return null;
		state.used = saved.ids.length;
		state.zone = saved.zone;
		state.flags = saved.flags;
		state.category = saved.category;
		state.status = saved.status;
		state.reportedAt = saved.reportedAt;
		state.dueAt = saved.dueAt;
		state.resolvedAt = saved.resolvedAt;
		state.dated = saved.dated ?? saved.reportedAt;
		for (let slot = 0; slot < saved.ids.length; slot++) if (!Number.isNaN(saved.ids[slot])) state.slotOf.set(saved.ids[slot], slot);
		for (const slot of saved.freeSlots) state.freeSlots.push(slot);
		for (const c of saved.categories) state.categories.code(c);
		for (const c of saved.statuses) state.statuses.code(c);
		return state;
	}

	private newSlot(): number {
		if (this.used === this.flags.length) this.grow(Math.max(1024, this.used * 2));
		return this.used++;
	}

	private grow(capacity: number): void {
		const grown = <T extends Int32Array | Uint8Array | Uint32Array | Float64Array>(a: T, make: (n: number) => T): T => {
			const b = make(capacity);
			b.set(a);
			return b;
		};
		this.zone = grown(this.zone, (n) => new Int32Array(n));
		this.flags = grown(this.flags, (n) => new Uint8Array(n));
		this.category = grown(this.category, (n) => new Uint32Array(n));
		this.status = grown(this.status, (n) => new Uint8Array(n));
		this.dueAt = grown(this.dueAt, (n) => new Float64Array(n));
		this.reportedAt = grown(this.reportedAt, (n) => new Float64Array(n));
		this.dated = this.dateField === 'reportedAt' ? this.reportedAt : grown(this.dated, (n) => new Float64Array(n));
		this.resolvedAt = grown(this.resolvedAt, (n) => new Float64Array(n));
	}

	private zoneOf(g: Geometry | null): number {
		if (!g || g.type !== 'Point' || !Number.isFinite(g.coordinates[0]) || !Number.isFinite(g.coordinates[1])) return UNLOCATED;
		return this.index.zoneAt(g.coordinates[0], g.coordinates[1]);
	}
}
