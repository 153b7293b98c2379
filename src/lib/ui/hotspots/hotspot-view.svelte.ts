/**
 * What the hotspot tab and its map layers share: the period and filters, the week the time
 * control shows, the choropleth measure, the report being placed, and requests to fit the map.
 * One per page, found through the page's Layers so the page passes nothing extra.
 */
import { SvelteSet } from 'svelte/reactivity';
import { weekStartUtc } from '$lib/analysis/time-buckets';
import type { Layers } from '../state/layers.svelte';
import type { ZoneMeasure } from './choropleth-measures';
import { isOverdue } from '$lib/domain/hotspot-lifecycle';
import type { ApiFeature } from '../api-client';

const DAY_MS = 86_400_000;

export type Bounds = [[number, number], [number, number]];

/** The calendar month before the one containing `now`, as ISO dates [from, to). */
export function lastMonth(now = new Date()): { from: string; to: string } {
	const from = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
	const to = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
	return { from: from.toISOString().slice(0, 10), to: to.toISOString().slice(0, 10) };
}

export const dateMs = (isoDate: string) => Date.parse(`${isoDate}T00:00:00Z`);

export class HotspotView {
	from = $state(lastMonth().from);
	/** Exclusive. */
	to = $state(lastMonth().to);
	categories = new SvelteSet<string>();
	statuses = new SvelteSet<string>();
	/** Index into `weeks`, or null for the whole period. */
	week = $state<number | null>(null);
	playing = $state(false);
	measure = $state<ZoneMeasure | 'none'>('count');
	showHeat = $state(true);
	showGrid = $state(false);
	/** Placing a new report: the next map click sets `draft`. */
	picking = $state(false);
	draft = $state<[number, number] | null>(null);
	/** Set by a map click that placed the draft: that click must not also select what lies under it. */
	justPicked = $state(false);
	fitRequest = $state<Bounds | null>(null);
	/** The case open in the panel. */
	openCase = $state<number | null>(null);
	/** The clock overdue flags are computed against; a field so tests and views agree. */
	now = $state(Date.now());

	get valid(): boolean {
		return Number.isFinite(dateMs(this.from)) && Number.isFinite(dateMs(this.to)) && dateMs(this.from) < dateMs(this.to);
	}

	/** ISO weeks (Monday 00:00 UTC) overlapping the period. */
	get weeks(): { start: number; end: number }[] {
		if (!this.valid) return [];
		const weeks = [];
		for (let s = weekStartUtc(dateMs(this.from)); s < dateMs(this.to); s += 7 * DAY_MS) weeks.push({ start: s, end: s + 7 * DAY_MS });
		return weeks;
	}

	/** The time window the map shows: the selected week clipped to the period, else the period. */
	get window(): { from: number; to: number } {
		const period = { from: dateMs(this.from), to: dateMs(this.to) };
		const w = this.week === null ? undefined : this.weeks[this.week];
		return w ? { from: Math.max(w.start, period.from), to: Math.min(w.end, period.to) } : period;
	}

	matches(f: ApiFeature, window = this.window): boolean {
		const p = f.properties ?? {};
		const t = Date.parse(String(p.reportedAt));
		if (!(t >= window.from && t < window.to)) return false;
		if (this.categories.size && !this.categories.has(String(p.category))) return false;
		if (this.statuses.size && !this.statuses.has(String(p.status ?? 'reported'))) return false;
		return true;
	}

	overdue(f: ApiFeature): boolean {
		return isOverdue(f.properties ?? {}, this.now);
	}

	step(delta: number): void {
		const n = this.weeks.length;
		if (n === 0) return;
		this.week = this.week === null ? (delta > 0 ? 0 : n - 1) : Math.min(n - 1, Math.max(0, this.week + delta));
	}
}

const views = new WeakMap<Layers, HotspotView>();

export function hotspotViewFor(layers: Layers): HotspotView {
	let view = views.get(layers);
	if (!view) views.set(layers, (view = new HotspotView()));
	return view;
}
