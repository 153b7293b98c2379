/** The messages between the main thread and an analysis worker (analysis-pool.ts ⇄ analysis-worker-main.ts). */
import type { FeatureQuery } from '../../repositories/features';
import type { StoreTarget } from '../../store/target';
import type { SerializedError } from '../../workers/worker-errors';
import type { ExportFormat } from '../../../import/export-features';
import type { SitesRequest } from '../planning/planning';
import type { GapsRequest } from '../planning/spacing-gaps';
import type { CoverageRequest } from '../planning/coverage';
import type { ViewPageRequest } from '../planning/view-page';
import type { ZoneFiguresQuery } from '../hotspots/zone-figures';
import type { ReportPeriod } from '../reports/report-period';
import type { CsvTable } from '../reports/report-csv';

export const ANALYSIS_WORKER_MARK = 'sanimap-analysis-worker';

export interface AnalysisWorkerInit {
	mark: typeof ANALYSIS_WORKER_MARK;
	/** The server's store; the worker reads it over a connection of its own (already migrated). */
	target: StoreTarget;
	/** A streaming replica for the reads that may lag (DATABASE_READ_URL). */
	readTarget?: Extract<StoreTarget, { store: 'postgres' }>;
	/** Where the context layers (buildings) are. */
	dataDir: string;
	/** How far the server's clock is from this machine's (SANIMAP_NOW), ms. */
	clockOffsetMs: number;
	/** The project's time zone: periods are cut in it. */
	timeZone: string;
	/** Where the kept states are saved for the next start (saved-states.ts); not saved without. */
	stateDir?: string;
	/** This build of the app: states saved by another are not used. */
	build: string;
}

/**
 * A computation over the stored data. Every instant it depends on (`now`) is given by the main
 * thread, whose clock the rest of the server uses.
 */
export type AnalysisJob =
	| { op: 'zones'; query: ZoneFiguresQuery & { now: number }; measure: string | null }
	| { op: 'coverage'; request: CoverageRequest }
	| { op: 'coverage-uncovered'; request: CoverageRequest & ViewPageRequest }
	| { op: 'gaps'; request: GapsRequest & { lines?: boolean } }
	| { op: 'gap-lines'; request: GapsRequest & ViewPageRequest }
	| { op: 'sites'; request: SitesRequest }
	| { op: 'hardening'; now: number }
	| { op: 'report'; period: ReportPeriod; now: number }
	| { op: 'report-summary'; period: ReportPeriod }
	| { op: 'report-scorecard'; at: number }
	| { op: 'vectors'; period: ReportPeriod }
	| { op: 'report-csv'; period: ReportPeriod; table: CsvTable; lang: 'zh' | 'en'; now: number }
	| { op: 'export'; kind: string; query: FeatureQuery; format: ExportFormat }
	/** Builds one part of the state the figures are kept in, before anyone asks (sent at start). */
	| { op: 'warm'; part: WarmPart };

/**
 * The kept states the start builds, one job each: first those the last start saved, the hotspots'
 * and then the roads' (each read back in well under a second, and apart, so that a request that
 * comes at the start waits for one of them only); then the costliest to build on demand: coverage
 * (the buildings read and every bin's reach counted, or on a restart the counts and the buildings'
 * columns the last start saved), then the hotspots, then the roads; then the buildings: on a
 * restart their file, which the saved columns spared, for the first view of the uncovered ones;
 * on a first start, their columns saved for the next; then the spacing gaps at the project's
 * rules, over the road network built for them (a second at city scale, not saved: the network is
 * built again from the roads on every start anyway).
 */
export const WARM_PARTS = ['saved-hotspots', 'saved-roads', 'coverage', 'zones', 'hardening', 'buildings', 'gaps'] as const;
export type WarmPart = (typeof WARM_PARTS)[number];

/** A job's answer as text ready to send (JSON, CSV or KML), made in the worker. */
export interface AnalysisResult {
	text: string;
	/** Export only: how many features matched the filters. */
	numberMatched?: number;
}

/** `floor`: the newest changeset the asker wrote, which the job's reads must include (store/read-your-writes.ts). */
export type AnalysisRequest = { id: number; job: AnalysisJob; floor: number };

export type AnalysisReply = { id: number; ok: true; result: AnalysisResult } | { id: number; ok: false; error: SerializedError };
