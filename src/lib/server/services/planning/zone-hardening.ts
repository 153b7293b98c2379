/**
 * Road hardening rate per zone over the stored road segments and zones: the figures of
 * `hardeningRates` in the shape GET /api/analysis/hardening sends (hardening-report.ts). Run in
 * the analysis worker, which keeps each road's lengths per zone between requests (HardeningState),
 * so marking a road hardened costs the next request that road, not every road clipped again.
 */
import type { HardeningOptions, HardeningSummary } from '../../../analysis/hardening-rate';
import type { HardeningReport, ZoneHardeningReport } from '../../../analysis/hardening-report';
import { HardeningState } from '../../../analysis/hardening-state';
import type { ChangesetStore, FeatureReads } from '../../store/types';
import { KeptLayer } from '../analysis/kept-layer';

/** The report with how many roads it counted, which the browser does not read. */
export interface CountedHardeningReport extends HardeningReport {
	roadsCounted: number;
	roadsSkipped: number;
}

function figuresOf(f: HardeningSummary): HardeningSummary {
	const { lengthM, hardenedLengthM, unhardenedLengthM, unknownLengthM, ratePct, hardenedAreaM2, areaFromDefaultWidthM2, meetsTarget, byClass } = f;
	return { lengthM, hardenedLengthM, unhardenedLengthM, unknownLengthM, ratePct, hardenedAreaM2, areaFromDefaultWidthM2, meetsTarget, byClass };
}

export class ZoneHardeningService {
	private readonly roads: KeptLayer<HardeningState>;

	constructor(features: FeatureReads, changesets: Pick<ChangesetStore, 'latestId'>) {
		this.roads = new KeptLayer(features, changesets, 'roadSegment', (zones) => new HardeningState(zones));
	}

	/** Builds the kept state now, so that the first request finds it. */
	async warm(): Promise<void> {
		await this.roads.current();
	}

	async report(targets: Pick<HardeningOptions, 'targetPct' | 'alleyTargetPct'>, now: Date): Promise<CountedHardeningReport> {
		return hardeningReport((await this.roads.current()).rates(targets), now);
	}
}

function hardeningReport(result: ReturnType<HardeningState['rates']>, now: Date): CountedHardeningReport {
	const byZone: Record<string, ZoneHardeningReport> = {};
	for (const z of result.zones) {
		const alleys = z.byClass.find((c) => c.roadClass === 'alley');
		byZone[String(z.id)] = { id: Number(z.id), name: z.name, ...figuresOf(z), alleysBelowTarget: alleys?.meetsTarget === false };
	}
	return {
		targetPct: result.targetPct,
		alleyTargetPct: result.alleyTargetPct,
		roadsCounted: result.roadsCounted,
		roadsSkipped: result.roadsSkipped,
		overall: figuresOf(result),
		zones: byZone,
		computedAt: now.toISOString()
	};
}
