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

/**
 * The zones as a worker reads the list: the most road still to harden first (unhardened length,
 * then unknown surface), and apart, the zones with no road mapped yet, which have nothing to act on.
 */
export function zonesByWorkToDo(report: HardeningReport): { withRoads: ZoneHardeningView[]; noRoads: ZoneHardeningView[] } {
	const zones = Object.values(report.zones);
	const hasRoads = (z: ZoneHardeningView) => z.lengthM > 0 || z.hardenedLengthM + z.unhardenedLengthM + z.unknownLengthM > 0;
	const name = (z: ZoneHardeningView) => z.name ?? `#${z.id}`;
	const withRoads = zones
		.filter(hasRoads)
		.sort((a, b) => b.unhardenedLengthM - a.unhardenedLengthM || b.unknownLengthM - a.unknownLengthM || name(a).localeCompare(name(b)) || a.id - b.id);
	const noRoads = zones.filter((z) => !hasRoads(z)).sort((a, b) => name(a).localeCompare(name(b)) || a.id - b.id);
	return { withRoads, noRoads };
}
