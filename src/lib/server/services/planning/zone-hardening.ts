/**
 * Road hardening rate per zone over the stored road segments and zones: the figures of
 * `hardeningRates` in the shape GET /api/analysis/hardening sends (hardening-report.ts).
 */
import type { Feature, Geometry } from 'geojson';
import { hardeningRates, type HardeningOptions, type HardeningSummary } from '../../../analysis/hardening-rate';
import type { HardeningReport, ZoneHardeningReport } from '../../../analysis/hardening-report';
import type { FeatureReads, StoredFeature } from '../../store/types';

/** The report with how many roads it counted, which the browser does not read. */
export interface CountedHardeningReport extends HardeningReport {
	roadsCounted: number;
	roadsSkipped: number;
}

const asFeature = (f: StoredFeature): Feature<Geometry> => ({ type: 'Feature', id: f.id, geometry: f.geometry, properties: f.properties });

function figuresOf(f: HardeningSummary): HardeningSummary {
	const { lengthM, hardenedLengthM, unhardenedLengthM, unknownLengthM, ratePct, hardenedAreaM2, areaFromDefaultWidthM2, meetsTarget, byClass } = f;
	return { lengthM, hardenedLengthM, unhardenedLengthM, unknownLengthM, ratePct, hardenedAreaM2, areaFromDefaultWidthM2, meetsTarget, byClass };
}

export async function zoneHardening(features: FeatureReads, options: HardeningOptions, now: Date): Promise<CountedHardeningReport> {
	const [roads, zones] = await Promise.all([features.all('roadSegment'), features.all('zone')]);
	const result = hardeningRates(roads.map(asFeature), zones.map(asFeature), options);
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
