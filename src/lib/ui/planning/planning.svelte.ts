/**
 * The planner's analysis as the page holds it: the chosen radius and N, the latest coverage, gaps
 * and suggested sites, which suggestions are ticked, and whether a run is in flight.
 *
 * While the planning panel is open, every change to bins, roads or zones (an edit, an undo, an
 * accept) re-runs the analysis after a short pause, so the figures never describe a map that is gone.
 * A newer run aborts the one before it, so a slow answer never overwrites a fresher one.
 */
import { COLLECTION } from '$lib/domain/kinds';
import { ApiClientError } from '../api-client';
import { translate as tr } from '../i18n';
import type { Editor } from '../state/editor.svelte';
import type { Layers, LayerDiff } from '../state/layers.svelte';
import { cancelAnalysis, fetchCoverage, fetchGapLines, fetchGaps, fetchRules, fetchSites, fetchUncovered, type CoverageAnswer, type GapLinesPage, type GapsAnswer, type SitesAnswer, type UncoveredPage } from './planning-api';

/** Layers whose changes alter the analysis. */
const WATCHED = new Set<string>([COLLECTION.bin, COLLECTION.roadSegment, COLLECTION.zone, COLLECTION.collectionPoint]);
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
	/** Whether planned bins count as serving. Off by default, as in the report and the API: a planned bin serves nobody yet. */
	includePlanned = $state(false);
	/** The panel is open: results are drawn and kept current. */
	active = $state(false);
	running = $state(false);
	accepting = $state(false);
	error = $state<string | null>(null);
	coverage = $state<CoverageAnswer | null>(null);
	/** The uncovered buildings of the map's view, for the coverage shown (showView). */
	uncovered = $state<UncoveredPage | null>(null);
	gaps = $state<GapsAnswer | null>(null);
	/** The gap stretches of the map's view, for the gaps shown (showView). */
	gapLines = $state<GapLinesPage | null>(null);
	sites = $state<SitesAnswer | null>(null);
	/** Ranks of the ticked suggestions. */
	chosen = $state<number[]>([]);
	/** Solve exactly (planners and administrators), within this many seconds. */
	exact = $state(false);
	exactTimeLimitS = $state(10);
	/** When the run in flight started (ms), for the running time shown beside Cancel. */
	runStartedAt = $state<number | null>(null);
	/** How long the last run that suggested sites took, ms. */
	lastRunMs = $state<number | null>(null);
	/** The sites accepted since the last suggestion the planner asked for: shown as accepted, with their bins. */
	accepted = $state<{ rank: number; gain: number; binId: number }[]>([]);
	/** Bumped when suggestions the planner asked for arrive (the panel scrolls to them). */
	sitesArrived = $state(0);
	/** The rule's walking radius and its cited source, once loaded. */
	ruleRadiusM = $state<number | null>(null);
	ruleSource = $state<{ zh: string; en: string } | null>(null);
	/** Whether the planner asked for sites (then re-runs recompute them too). */
	private wantSites = false;
	private controller: AbortController | null = null;
	private jobKey: string | null = null;
	private timer: ReturnType<typeof setTimeout> | null = null;
	private unsubscribe: (() => void) | null = null;
	private rulesLoaded = false;
	private viewController: AbortController | null = null;
	/** The view the map last came to rest at, to ask for its features again after a run. */
	private view: [number, number, number, number] | null = null;

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
		this.viewController?.abort();
		this.unsubscribe?.();
		this.unsubscribe = null;
		if (this.timer) clearTimeout(this.timer);
		this.abortRun();
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
		if (options.sites) {
			this.wantSites = true;
			this.accepted = [];
		}
		this.abortRun();
		// This run computes from the map as it is now: a re-run still waiting for its pause is not needed.
		if (this.timer) clearTimeout(this.timer);
		this.timer = null;
		const controller = new AbortController();
		this.controller = controller;
		this.running = true;
		this.error = null;
		const started = Date.now();
		this.runStartedAt = started;
		const { radiusM, includePlanned, count } = this;
		// Only a run the planner asked for solves exactly; re-runs after an edit stay quick.
		const exact = options.sites && this.exact ? { timeLimitS: this.exactTimeLimitS } : undefined;
		const jobKey = this.wantSites ? crypto.randomUUID() : null;
		this.jobKey = jobKey;
		try {
			const [coverage, gaps, sites] = await Promise.all([
				fetchCoverage(radiusM, includePlanned, controller.signal),
				fetchGaps(includePlanned, controller.signal),
				// Suggestions count planned bins as placed, whatever the coverage figure counts:
				// a site just accepted is not suggested again.
				this.wantSites ? fetchSites({ count, radiusM, includePlanned: true, exact, jobKey: jobKey ?? undefined }, controller.signal) : Promise.resolve(null)
			]);
			if (controller.signal.aborted) return;
			// The computations have ended: nothing is left on the server to cancel.
			this.jobKey = null;
			if (sites) this.lastRunMs = Date.now() - started;
			if (sites && options.sites) this.sitesArrived++;
			// New suggestions: keep the ticks of those still suggested at the same place (under their new rank).
			const previous = this.sites?.sites ?? [];
			const tickedAt = new Set(previous.filter((p) => this.chosen.includes(p.properties.rank)).map((p) => p.geometry.coordinates.join(',')));
			this.coverage = coverage;
			this.gaps = gaps;
			this.sites = sites;
			this.chosen = (sites?.sites ?? []).filter((s) => tickedAt.has(s.geometry.coordinates.join(','))).map((s) => s.properties.rank);
			// The run ends when the map has what it draws of the view too: the progress shows until then.
			if (this.view) await this.showView(this.view);
		} catch (e) {
			if (controller.signal.aborted || (e as Error).name === 'AbortError') return;
			this.error = describeError(e);
		} finally {
			if (this.controller === controller) {
				this.running = false;
				this.controller = null;
				this.jobKey = null;
				this.runStartedAt = null;
			}
		}
	}

	/**
	 * The uncovered buildings and the gap stretches in `view` (minLon, minLat, maxLon, maxLat) for
	 * the figures shown, asked for when the map comes to rest and after each run; a newer view
	 * aborts the last.
	 */
	async showView(view: [number, number, number, number]): Promise<void> {
		this.view = view;
		if (!this.active || !this.coverage || !this.gaps) return;
		this.viewController?.abort();
		const controller = new AbortController();
		this.viewController = controller;
		const { radiusM, includePlanned } = this.coverage;
		try {
			// Each drawn as it comes.
			await Promise.all([
				fetchUncovered(radiusM, includePlanned, view, controller.signal).then((page) => {
					if (!controller.signal.aborted) this.uncovered = page;
				}),
				fetchGapLines(this.gaps.includePlanned, view, controller.signal).then((page) => {
					if (!controller.signal.aborted) this.gapLines = page;
				})
			]);
		} catch (e) {
			if (controller.signal.aborted || (e as Error).name === 'AbortError') return;
			this.error = describeError(e);
		}
	}

	/** The planner's Cancel: the run stops here and on the server, and the last figures stay. */
	cancel(): void {
		this.abortRun();
		this.running = false;
		this.runStartedAt = null;
	}

	private abortRun(): void {
		this.controller?.abort();
		this.controller = null;
		if (this.jobKey) void cancelAnalysis(this.jobKey).catch(() => {});
		this.jobKey = null;
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
			if (result.ok) {
				const binIds = result.answer.features.map((f) => f.id);
				this.accepted = [...this.accepted, ...sites.map((s, i) => ({ rank: s.properties.rank, gain: s.properties.gain, binId: binIds[i] }))];
				this.chosen = [];
			}
		} catch (e) {
			this.editor.toasts.show(describeError(e), 'error');
		} finally {
			this.accepting = false;
		}
	}
}
