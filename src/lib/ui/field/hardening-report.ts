/** What GET /api/analysis/hardening sends (src/lib/server/services/zone-hardening.ts), as the browser reads it. */
import type { HardeningFigures } from '../../analysis/hardening-figures';

export interface HardeningFiguresView extends HardeningFigures {
	meetsTarget: boolean | null;
	byClass: { roadClass: string; ratePct: number | null; targetPct: number; meetsTarget: boolean | null; hardenedLengthM: number; unhardenedLengthM: number }[];
}

export interface ZoneHardeningView extends HardeningFiguresView {
	id: number;
	name: string | null;
	alleysBelowTarget: boolean;
}

export interface HardeningReport {
	targetPct: number;
	alleyTargetPct: number;
	overall: HardeningFiguresView;
	zones: Record<string, ZoneHardeningView>;
	computedAt: string;
}
