/**
 * An analysis worker thread: the planners' and managers' computations (coverage, gaps, sites, zone
 * figures, hardening, the report, exports) over a read-only connection of its own, so a long one
 * never holds up the requests the main thread answers. Jobs come one at a time (the pool sends a
 * worker its next job when it has answered the last), and each answers with its text, made here.
 */
import type { MessagePort } from 'node:worker_threads';
import { openWorkerStore } from '../../store/worker-store';
import { withReadFloor } from '../../store/read-your-writes';
import { serializeError } from '../../workers/worker-errors';
import { onWorkerMessages } from '../../workers/end-worker';
import { ContextLayers } from '../basemap/context-layers';
import { ZoneFiguresService } from '../hotspots/zone-figures';
import { PlanningService } from '../planning/planning';
import { SpacingGapsService } from '../planning/spacing-gaps';
import { CoverageService } from '../planning/coverage';
import { ZoneHardeningService } from '../planning/zone-hardening';
import { ReportService } from '../reports/report';
import { RulesService } from '../rules/rules';
import { runAnalysisJob } from './analysis-jobs';
import { EditService } from '../edits/edit-service';
import { SavedStates } from './saved-states';
import { describeTarget } from '../../store/target';
import { ANALYSIS_WORKER_MARK, type AnalysisReply, type AnalysisRequest, type AnalysisWorkerInit } from './analysis-worker-protocol';

export function runAnalysisWorker(port: MessagePort, init: AnalysisWorkerInit): void {
	if (init.mark !== ANALYSIS_WORKER_MARK) throw new Error('Not started as the analysis worker.');
	const clock = () => new Date(Date.now() + init.clockOffsetMs);
	const store = openWorkerStore(init.target, clock, { readTarget: init.readTarget });
	const { features, changesets, history, open311, settings } = store;
	const rules = new RulesService(settings, clock);
	const rulesInForce = async () => (await rules.get()).rules;
	const context = new ContextLayers(init.dataDir);
	// Named by the database without its password: the folder may be shared by servers of several.
	const states = init.stateDir ? new SavedStates(init.stateDir, init.build, describeTarget(init.target)) : undefined;
	const services = {
		features,
		rules,
		// Reads only: the planning service's one write (accepting sites) is the main thread's.
		planning: new PlanningService(features, new EditService(changesets, rulesInForce), rules, context),
		coverage: new CoverageService(features, changesets, rules, context, states),
		gaps: new SpacingGapsService(features, changesets, rules),
		zoneFigures: new ZoneFiguresService(features, changesets, clock, init.timeZone, states),
		hardening: new ZoneHardeningService(features, changesets, states),
		reports: new ReportService(history, {
			rules: rulesInForce,
			spamCaseIds: () => open311.spamMarkedCaseIds(),
			buildings: () => context.get('buildings').features,
			timeZone: init.timeZone,
			clock
		})
	};
	onWorkerMessages(port, store.close, (request: AnalysisRequest) => {
		withReadFloor(request.floor, () => runAnalysisJob(services, request.job)).then(
			(result) => port.postMessage({ id: request.id, ok: true, result } satisfies AnalysisReply),
			(e) => port.postMessage({ id: request.id, ok: false, error: serializeError(e) } satisfies AnalysisReply)
		);
	});
}
