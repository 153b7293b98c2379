/**
 * An analysis worker thread: the planners' and managers' computations (coverage, gaps, sites, zone
 * figures, hardening, the report, exports) over a read-only connection of its own, so a long one
 * never holds up the requests the main thread answers. Jobs come one at a time (the pool sends a
 * worker its next job when it has answered the last), and each answers with its text, made here.
 */
import type { MessagePort } from 'node:worker_threads';
import { openConnection } from '../../db';
import { FeatureRepository } from '../../repositories/features';
import { ChangesetRepository } from '../../repositories/changesets';
import { serializeError } from '../../workers/worker-errors';
import { ContextLayers } from '../basemap/context-layers';
import { ZoneFiguresService } from '../hotspots/zone-figures';
import { PlanningService } from '../planning/planning';
import { ReportService } from '../reports/report';
import { RulesService } from '../rules/rules';
import { runAnalysisJob } from './analysis-jobs';
import { ANALYSIS_WORKER_MARK, type AnalysisReply, type AnalysisRequest, type AnalysisWorkerInit } from './analysis-worker-protocol';

export function runAnalysisWorker(port: MessagePort, init: AnalysisWorkerInit): void {
	if (init.mark !== ANALYSIS_WORKER_MARK) throw new Error('Not started as the analysis worker.');
	const db = openConnection(init.databasePath);
	// This connection only reads: a bug that tried to write here fails instead of writing.
	db.$client.pragma('query_only = ON');
	const clock = () => new Date();
	const features = new FeatureRepository(db);
	const rules = new RulesService(db, clock);
	const context = new ContextLayers(init.dataDir);
	const services = {
		db,
		features,
		rules,
		planning: new PlanningService(features, new ChangesetRepository(db, { clock }), rules, context),
		zoneFigures: new ZoneFiguresService(db, features, clock),
		reports: new ReportService(db, { rules: () => rules.get().rules, buildings: () => context.get('buildings').features })
	};
	port.on('message', (request: AnalysisRequest) => {
		runAnalysisJob(services, request.job).then(
			(result) => port.postMessage({ id: request.id, ok: true, result } satisfies AnalysisReply),
			(e) => port.postMessage({ id: request.id, ok: false, error: serializeError(e) } satisfies AnalysisReply)
		);
	});
}
