/**
 * The road hardening rates per zone as GET /api/analysis/hardening sends them and the browser
 * reads them: keyed by zone feature id, so the map can put each zone's result on its feature-state
 * and the field page can draw progress bars.
 */
import type { HardeningSummary } from './hardening-rate';

export interface ZoneHardeningReport extends HardeningSummary {
	id: number;
	name: string | null;
	/** Whether the zone has alleys below the alley target while its overall rate is met. */
	alleysBelowTarget: boolean;
}

export interface HardeningReport {
	targetPct: number;
	alleyTargetPct: number;
	overall: HardeningSummary;
	/** Per zone, keyed by the zone's feature id. */
	zones: Record<string, ZoneHardeningReport>;
	computedAt: string;
}
