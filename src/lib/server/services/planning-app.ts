/**
 * The planning services over the server's one database (getApp()), made on first use: the rules
 * stored in `settings`, the context layers read from the data directory once, and the analyses.
 */
import { getApp } from '../app';
import { config } from '../config';
import { ContextLayers } from './context-layers';
import { PlanningService } from './planning';
import { RulesService } from './rules';

export interface PlanningApp {
	rules: RulesService;
	planning: PlanningService;
}

let planningApp: PlanningApp | undefined;

export function getPlanningApp(): PlanningApp {
	if (planningApp) return planningApp;
	const app = getApp();
	const rules = new RulesService(app.db);
	const planning = new PlanningService(app.features, app.changesets, rules, new ContextLayers(config.dataDir));
	planningApp = { rules, planning };
	return planningApp;
}
