/**
 * What the hotspot tab and its map layers share: the period and filters, the week the time
 * control shows, the choropleth measure, the report being placed, and requests to fit the map.
 * One per page, found through the page's Layers so the page passes nothing extra.
 */
import { SvelteSet } from 'svelte/reactivity';
import { dayStart, parseInstant } from '$lib/domain/time/instants';
import { periodsOverlapping, presetPeriod, type DatePeriod } from '$lib/domain/time/periods';
import type { Layers } from '../state/layers.svelte';
import type { ZoneMeasure } from './choropleth-measures';
import { isOverdue } from '$lib/domain/hotspot-lifecycle';
import type { ApiFeature } from '../api-client';
import type { ProjectTime } from '../project-time';
import type { Bounds } from '$lib/geo/bounds';

export class HotspotView {
	/** The server's clock and the project's time zone: periods and weeks are its days. */
	readonly time: ProjectTime;
	/** First day of the period (YYYY-MM-DD in the project's zone). */
	from = $state('');
	/** The day after the last day: exclusive. */
	to = $state('');
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
	/** The instant overdue flags are computed against: the server's now when the page opened. */
	now = $state(0);

	constructor(time: ProjectTime) {
		this.time = time;
		this.now = time.now();
		this.setPeriod(this.presetMonth('previous'));
	}

	/** This or last calendar month in the project's zone, at the server's now. */
	presetMonth(which: 'current' | 'previous'): DatePeriod {
		return presetPeriod('month', which, this.time.now(), this.time.timeZone);
	}

	/** Shows a whole new period from its start. */
	setPeriod(p: DatePeriod): void {
		this.from = p.from;
		this.to = p.to;
		this.week = null;
		this.playing = false;
	}

	/** The period as instants: from the start of its first day to the start of the day after its last, in the project's zone. */
	private get period(): { from: number; to: number } | null {
		const from = dayStart(this.from, this.time.timeZone);
		const to = dayStart(this.to, this.time.timeZone);
		return from !== null && to !== null && from < to ? { from, to } : null;
	}

	get valid(): boolean {
		return this.period !== null;
	}

	/** ISO weeks (Monday 00:00 in the project's zone) overlapping the period. */
	get weeks(): { start: number; end: number }[] {
		const period = this.period;
		return period ? periodsOverlapping(period, 'week', this.time.timeZone).map((w) => ({ start: w.from, end: w.to })) : [];
	}

	/** The time window the map shows: the selected week clipped to the period, else the period. */
	get window(): { from: number; to: number } {
		const period = this.period ?? { from: NaN, to: NaN };
		const w = this.week === null ? undefined : this.weeks[this.week];
		return w ? { from: Math.max(w.start, period.from), to: Math.min(w.end, period.to) } : period;
	}

	matches(f: ApiFeature, window = this.window): boolean {
		const p = f.properties ?? {};
		const t = parseInstant(p.reportedAt, this.time.timeZone) ?? NaN;
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

export function hotspotViewFor(layers: Layers, time: ProjectTime): HotspotView {
	let view = views.get(layers);
	if (!view) views.set(layers, (view = new HotspotView(time)));
	return view;
}
