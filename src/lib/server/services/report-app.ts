/**
 * The report service over the server's one database (getApp()), made on first use, with the rules
 * in force (settings merged over the defaults, RulesService) and the basemap buildings as coverage
 * targets (ContextLayers, read once).
 */
import { getApp } from '../app';
import { config } from '../config';
import { ContextLayers } from './context-layers';
import { RulesService } from './rules';
import { ReportService } from './report';

let service: ReportService | undefined;

export function getReportService(): ReportService {
	if (service) return service;
	const app = getApp();
	const rules = new RulesService(app.db);
	const layers = new ContextLayers(config.dataDir);
	service = new ReportService(app.db, { rules: () => rules.get().rules, buildings: () => layers.get('buildings').features });
	return service;
}
