/**
 * The planner's analysis as the page holds it: the chosen radius and N, the latest coverage, gaps
 * and suggested sites, which suggestions are ticked, and whether a run is in flight.
 *
 * While the planning panel is open, every change to bins, roads or zones (an edit, an undo, an
 * accept) re-runs the analysis after a short pause, so the figures never describe a map that is gone.
 * A newer run aborts the one before it, so a slow answer never overwrites a fresher one.
 */
import { ApiClientError } from '../api-client';
import { translate as tr } from '../i18n';
import type { Editor } from '../state/editor.svelte';
import type { Layers, LayerDiff } from '../state/layers.svelte';
import { fetchCoverage, fetchGaps, fetchRules, fetchSites, type CoverageAnswer, type GapsAnswer, type SitesAnswer } from './planning-api';

/** Layers whose changes alter the analysis. */
const WATCHED = new Set(['bins', 'road-segments', 'zones', 'collection-points']);
const RERUN_DELAY_MS = 400;

/** A failure as a sentence in the user's language: known codes get our own words, others the server's. */
export function describeError(e: unknown): string {
	if (e instanceof ApiClientError) {
		if (e.code === 'network') return tr('planning.errors.network');
		if (e.code === 'auth.required') return tr('planning.errors.signIn');
		if (e.code === 'auth.forbidden') return tr('planning.errors.forbidden');
		return tr('planning.errors.server', { message: e.message });
	}
	return tr('planning.errors.server', { message: (e as Error).message });
}

export class Planning {
	radiusM = $state(70);
	count = $state(5);
	/** Planned bins count as serving: the planner sees the effect of what they accepted. */
	// Off by default, as in the report and the API: a planned bin serves nobody yet.
	includePlanned = $state(false);
	/** The panel is open: results are drawn and kept current. */
	active = $state(false);
	running = $state(false);
	accepting = $state(false);
	error = $state<string | null>(null);
	coverage = $state<CoverageAnswer | null>(null);
	gaps = $state<GapsAnswer | null>(null);
	sites = $state<SitesAnswer | null>(null);
	/** Ranks of the ticked suggestions. */
	chosen = $state<number[]>([]);
	/** The rule's walking radius and its cited source, once loaded. */
	ruleRadiusM = $state<number | null>(null);
	ruleSource = $state<{ zh: string; en: string } | null>(null);
	/** Whether the planner asked for sites (then re-runs recompute them too). */
	private wantSites = false;
	private controller: AbortController | null = null;
	private timer: ReturnType<typeof setTimeout> | null = null;
	private unsubscribe: (() => void) | null = null;
	private rulesLoaded = false;

	constructor(
		private readonly layers: Layers,
		private readonly editor: Editor
	) {}

	/** The panel opened: load the rules once, run, and follow edits until `close`. */
	open(): void {
		this.active = true;
		this.unsubscribe ??= this.layers.onDiff((diff) => this.onDiff(diff));
		void this.start();
	}

	close(): void {
		this.active = false;
		this.unsubscribe?.();
		this.unsubscribe = null;
		if (this.timer) clearTimeout(this.timer);
		this.controller?.abort();
		this.running = false;
	}

	private async start(): Promise<void> {
		if (!this.rulesLoaded) {
			try {
				const rules = await fetchRules();
				this.rulesLoaded = true;
				this.ruleRadiusM = rules.rules.binWalkingRadiusM;
				this.ruleSource = rules.sources.binWalkingRadiusM ?? null;
				if (!this.coverage) this.radiusM = rules.rules.binWalkingRadiusM;
			} catch {
				// The default radius stays; the run below reports a server that cannot be reached.
			}
		}
		if (this.active) await this.run();
	}

	private onDiff(diff: LayerDiff): void {
		if (!this.active || !WATCHED.has(diff.collection) || diff.reset) return;
		if (this.timer) clearTimeout(this.timer);
		this.timer = setTimeout(() => void this.run(), RERUN_DELAY_MS);
	}

	/** Coverage and gaps, and the suggestions again if they were asked for. */
	async run(options: { sites?: boolean } = {}): Promise<void> {
		if (options.sites) this.wantSites = true;
		this.controller?.abort();
		const controller = new AbortController();
		this.controller = controller;
		this.running = true;
		this.error = null;
		const { radiusM, includePlanned, count } = this;
		try {
			const [coverage, gaps, sites] = await Promise.all([
				fetchCoverage(radiusM, includePlanned, controller.signal),
				fetchGaps(includePlanned, controller.signal),
				this.wantSites ? fetchSites(count, radiusM, includePlanned, controller.signal) : Promise.resolve(null)
			]);
			if (controller.signal.aborted) return;
			// New suggestions: keep the ticks of those still suggested at the same place (under their new rank).
			const previous = this.sites?.sites ?? [];
			const tickedAt = new Set(previous.filter((p) => this.chosen.includes(p.properties.rank)).map((p) => p.geometry.coordinates.join(',')));
			this.coverage = coverage;
			this.gaps = gaps;
			this.sites = sites;
			this.chosen = (sites?.sites ?? []).filter((s) => tickedAt.has(s.geometry.coordinates.join(','))).map((s) => s.properties.rank);
		} catch (e) {
			if (controller.signal.aborted || (e as Error).name === 'AbortError') return;
			this.error = describeError(e);
		} finally {
			if (this.controller === controller) {
				this.running = false;
				this.controller = null;
			}
		}
	}

	toggle(rank: number): void {
		this.chosen = this.chosen.includes(rank) ? this.chosen.filter((r) => r !== rank) : [...this.chosen, rank].sort((a, b) => a - b);
	}

	/** The ticked suggestions become planned bins in one changeset: one undo step. */
	async accept(): Promise<void> {
		const sites = (this.sites?.sites ?? []).filter((s) => this.chosen.includes(s.properties.rank));
		if (sites.length === 0 || this.accepting) return;
		this.accepting = true;
		try {
			const labelValues = { n: sites.length };
			// Through the page's one edit path: the bins reach the map (and this analysis re-runs) from its answer.
			const result = await this.editor.session.perform({
				label: 'planning.sites.acceptedLabel',
				labelValues,
				done: 'planning.sites.accepted',
				comment: tr('planning.sites.acceptedLabel', labelValues),
				edits: [{ type: 'accept-sites', sites: sites.map((s) => ({ lon: s.geometry.coordinates[0], lat: s.geometry.coordinates[1] })) }]
			});
			if (result.ok) this.chosen = [];
		} catch (e) {
			this.editor.toasts.show(describeError(e), 'error');
		} finally {
			this.accepting = false;
		}
	}
}
