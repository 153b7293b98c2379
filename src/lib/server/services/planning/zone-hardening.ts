/**
 * Road hardening rate per zone over the stored road segments and zones: the figures of
 * `hardeningRates` in the shape GET /api/analysis/hardening sends (hardening-report.ts). Run in
 * the analysis worker, which keeps each road's lengths per zone between requests (HardeningState),
 * so marking a road hardened costs the next request that road, not every road clipped again.
 */
import type { HardeningOptions, HardeningSummary } from '../../../analysis/hardening-rate';
import type { HardeningReport, ZoneHardeningReport } from '../../../analysis/hardening-report';
import { HardeningState, type SavedHardening } from '../../../analysis/hardening-state';
import type { ChangesetStore, FeatureReads } from '../../store/types';
import { KeptLayer } from '../analysis/kept-layer';
import type { SavedStates } from '../analysis/saved-states';

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

	/** `states`: where the kept state is saved for the next start; not saved without. */
	constructor(features: FeatureReads, changesets: Pick<ChangesetStore, 'latestId' | 'createdAtOf'>, states?: SavedStates) {
		this.roads = new KeptLayer(
			features,
			changesets,
			'roadSegment',
			(zones) => new HardeningState(zones),
			states && {
				states,
				name: 'roads',
				parameters: '',
				save: (state) => state.toSaved(),
				restore: (zones, data) => HardeningState.fromSaved(zones, {}, data as SavedHardening)
			}
		);
	}

	/** Builds the kept state now, so that the first request finds it. */
	async warm(): Promise<void> {
		await this.roads.current();
	}

	/** Takes up the state the last start saved, if there is one it can use, and brings it up to date; whether it did. */
	async warmFromSaved(): Promise<boolean> {
		if (!(await this.roads.restore())) return false;
		await this.roads.current();
		return true;
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
