/**
 * Walking-radius coverage kept between requests: for each target, how many serving points (bins,
 * collection points) lie within the radius. A point placed, moved, retired or deleted changes the
 * counts of the targets within its reach of its old and its new place, no others (the targets'
 * grid, coverage-grid.ts); the figures are then one pass over typed arrays, by the same
 * `coverageFigures` computeCoverage uses, so they are equal to its (coverage-state.test.ts).
 *
 * The targets, the radius and the zones are fixed for the life of one state. `toSaved` gives the
 * counts, the points counted and the targets' zones as columns, so that a restarted server need
 * not count every point's reach again nor place every target in its zone (saved-states.ts).
 */
import type { Feature, Geometry } from 'geojson';
import { TargetGrid } from './coverage-grid';
import { checkRadius, coverageFigures, type CoverageFigures, type TargetZones } from './coverage';
import { targetBoxIndex, type TargetSet } from './coverage-targets';

/** What is kept as columns: each feature known (ids), the places of those counted, and every target's count. */
export interface SavedCoverage {
	radiusM: number;
	targets: number;
	near: Uint32Array;
	ids: Float64Array;
	/** Where each feature's places start in `places` (one more than `ids`): none for one not counted. */
	placesStart: Uint32Array;
	places: Float64Array;
	/** Each target's zone as the state was built with, so that a restart need not place every building again; null without zones. */
	zoneOf: Int32Array | null;
}

export class CoverageState {
	private readonly grid: TargetGrid;
	/** Serving points within the radius, per target. */
	private readonly near: Uint32Array;
	/** The places of each serving feature now counted, by feature id (a MultiPoint has several). */
	private readonly places = new Map<string | number, number[]>();
	/** Every feature of the layer put and not removed, serving or not. */
	private readonly known = new Set<string | number>();
	private readonly increment = (i: number) => {
		this.near[i]++;
	};
	private readonly decrement = (i: number) => {
		this.near[i]--;
	};

	constructor(
		private readonly targets: TargetSet,
		private readonly radiusM: number,
		private readonly zones: TargetZones | null,
		/** Whether a feature of the layer serves (a removed bin does not). */
		private readonly serves: (properties: Record<string, unknown>) => boolean = () => true
	) {
		checkRadius(radiusM);
		this.grid = new TargetGrid(targets, radiusM);
		this.near = new Uint32Array(targets.count);
	}

	get size(): number {
		return this.known.size;
	}

	/** The feature's current version: counted at its place when it serves, else not at all. */
	put(feature: Feature<Geometry | null>): void {
		const id = feature.id!;
		this.take(id);
		this.known.add(id);
		if (!this.serves(feature.properties ?? {})) return;
		const places = placesOf(feature.geometry);
		if (places.length === 0) return;
		this.places.set(id, places);
		for (let k = 0; k < places.length; k += 2) this.grid.visitNear(places[k], places[k + 1], this.increment);
	}

	remove(id: number | string): void {
		this.take(id);
		this.known.delete(id);
	}

	figures(): CoverageFigures {
		return coverageFigures(this.targets, this.near, this.radiusM, this.zones);
	}

	/** Positions in the targets' input of those no serving point reaches. */
	uncoveredIndices(): number[] {
		const out: number[] = [];
		for (let i = 0; i < this.near.length; i++) if (this.near[i] === 0) out.push(i);
		return out;
	}

	/** Those of uncoveredIndices whose box meets `bbox` (minX, minY, maxX, maxY), for a map's view of a city. */
	uncoveredIn(bbox: readonly [number, number, number, number]): number[] {
		const inView = targetBoxIndex(this.targets)?.search(bbox[0], bbox[1], bbox[2], bbox[3]) ?? [];
		return inView.filter((i) => this.near[i] === 0).sort((a, b) => a - b);
	}

	/** The state as columns; null when a feature's id is not a number (only stored features are saved). */
	toSaved(): SavedCoverage | null {
		const n = this.known.size;
		const ids = new Float64Array(n);
		const placesStart = new Uint32Array(n + 1);
		let placeCount = 0;
		for (const places of this.places.values()) placeCount += places.length;
		const places = new Float64Array(placeCount);
		let i = 0, p = 0;
		for (const id of this.known) {
			if (typeof id !== 'number') return null;
			ids[i] = id;
			for (const c of this.places.get(id) ?? []) places[p++] = c;
			placesStart[++i] = p;
		}
		return { radiusM: this.radiusM, targets: this.near.length, near: this.near.slice(), ids, placesStart, places, zoneOf: this.zones?.zoneOf ?? null };
	}

	/** The state `toSaved` gave, over the same targets and radius; null when they are not the same. */
	static fromSaved(targets: TargetSet, radiusM: number, zones: TargetZones | null, serves: (properties: Record<string, unknown>) => boolean, saved: SavedCoverage): CoverageState | null {
		if (saved.radiusM !== radiusM || saved.targets !== targets.count || saved.near.length !== targets.count) return null;
		const state = new CoverageState(targets, radiusM, zones, serves);
		state.near.set(saved.near);
		for (let i = 0; i < saved.ids.length; i++) {
			const id = saved.ids[i];
			state.known.add(id);
			const start = saved.placesStart[i], end = saved.placesStart[i + 1];
			if (end > start) state.places.set(id, Array.from(saved.places.subarray(start, end)));
		}
		return state;
	}

	/** How many serving features are counted. */
	get serving(): number {
		return this.places.size;
	}

	private take(id: number | string): void {
		const places = this.places.get(id);
		if (!places) return;
		for (let k = 0; k < places.length; k += 2) this.grid.visitNear(places[k], places[k + 1], this.decrement);
		this.places.delete(id);
	}
}

/**
 * Lon, lat pairs of a Point or MultiPoint. The stored layers' kinds allow only points; anything
 * else is not counted (computeCoverage refuses it, as input from a file may carry anything).
 */
function placesOf(g: Geometry | null): number[] {
	if (g?.type === 'Point') return [g.coordinates[0], g.coordinates[1]];
	if (g?.type === 'MultiPoint') return g.coordinates.flatMap((c) => [c[0], c[1]]);
	return [];
}
