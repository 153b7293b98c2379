/** What each analysis job computes, over the services of the worker that runs it. */
import type { FeatureReads } from '../../store/types';
import { exportFeatures } from '../../../import/export-features';
import { kindDef } from '../../../domain/kinds';
import type { ZoneFiguresService } from '../hotspots/zone-figures';
import type { PlanningService } from '../planning/planning';
import type { CoverageService } from '../planning/coverage';
import type { SpacingGapsService } from '../planning/spacing-gaps';
import type { ZoneHardeningService } from '../planning/zone-hardening';
import type { ReportService } from '../reports/report';
import { reportCsv } from '../reports/report-csv';
import type { RulesService } from '../rules/rules';
import type { AnalysisJob, AnalysisResult, WarmPart } from './analysis-worker-protocol';

export interface AnalysisServices {
	features: FeatureReads;
	rules: RulesService;
	planning: PlanningService;
	coverage: CoverageService;
	gaps: SpacingGapsService;
	zoneFigures: ZoneFiguresService;
	hardening: ZoneHardeningService;
	reports: ReportService;
}

const json = (value: unknown): AnalysisResult => ({ text: JSON.stringify(value) });

/** What each part of the start's warm-up builds (WARM_PARTS gives their order). */
const WARM: Record<WarmPart, (s: AnalysisServices) => unknown> = {
	'saved-hotspots': (s) => s.zoneFigures.warmFromSaved(),
	'saved-roads': (s) => s.hardening.warmFromSaved(),
	coverage: (s) => s.coverage.warm(),
	zones: (s) => s.zoneFigures.warm(),
	hardening: (s) => s.hardening.warm(),
	buildings: (s) => s.coverage.warmBuildings(),
	gaps: (s) => s.gaps.warm()
};

export async function runAnalysisJob(s: AnalysisServices, job: AnalysisJob): Promise<AnalysisResult> {
	switch (job.op) {
		case 'zones':
			return json({ ...(await s.zoneFigures.compute(job.query)), ...(job.measure ? { measure: job.measure } : {}) });
		case 'coverage':
			return json(await s.coverage.coverage(job.request));
		case 'coverage-uncovered':
			return json(await s.coverage.uncoveredPage(job.request));
		case 'gaps':
			return json(await s.gaps.gaps(job.request));
		case 'gap-lines':
			return json(await s.gaps.linesPage(job.request));
		case 'sites':
			return json(await s.planning.sites(job.request));
		case 'hardening': {
			const { rules } = await s.rules.get();
			return json(await s.hardening.report({ targetPct: rules.hardeningTargetPct, alleyTargetPct: rules.hardeningTargetAlleyPct }, new Date(job.now)));
		}
		case 'report':
			return json(await s.reports.full(job.period, job.now));
		case 'report-summary':
			return json(await s.reports.summary(job.period));
		case 'report-scorecard': {
			const { layers: _maps, ...scorecard } = await s.reports.scorecardAt(job.at);
			return json(scorecard);
		}
		case 'vectors':
			return json(await s.reports.vectors(job.period));
		case 'report-csv':
			return { text: reportCsv(await s.reports.full(job.period, job.now), job.table, job.lang) };
		case 'warm':
			await WARM[job.part](s);
			return json({ warmed: job.part });
		case 'export': {
			const page = await s.features.query(job.kind, job.query);
			return { text: exportFeatures(kindDef(job.kind)!, page.features, job.format), numberMatched: page.numberMatched };
		}
	}
}
