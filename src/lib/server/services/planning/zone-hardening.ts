/**
 * Road hardening rate per zone over the stored road segments and zones, as GET
 * /api/analysis/hardening sends it: the figures of `hardeningRates` keyed by zone feature id, so
 * the map can put each zone's result on its feature-state and the field page can draw progress bars.
 */
import type { Feature, Geometry } from 'geojson';
import { hardeningRates, type ClassHardening, type HardeningOptions } from '../../../analysis/hardening-rate';
import type { HardeningFigures } from '../../../analysis/hardening-figures';
import type { FeatureReads, StoredFeature } from '../../store/types';

export interface HardeningFiguresOut extends HardeningFigures {
	meetsTarget: boolean | null;
	byClass: ClassHardening[];
}

export interface ZoneHardeningOut extends HardeningFiguresOut {
	id: number;
	name: string | null;
	/** Whether the zone has alleys below the alley target while its overall rate is met. */
	alleysBelowTarget: boolean;
}

export interface HardeningReport {
	targetPct: number;
	alleyTargetPct: number;
	roadsCounted: number;
	roadsSkipped: number;
	overall: HardeningFiguresOut;
	/** Per zone, keyed by the zone's feature id. */
	zones: Record<string, ZoneHardeningOut>;
	computedAt: string;
}

const asFeature = (f: StoredFeature): Feature<Geometry> => ({ type: 'Feature', id: f.id, geometry: f.geometry, properties: f.properties });

function figuresOf(f: HardeningFigures & { meetsTarget: boolean | null; byClass: ClassHardening[] }): HardeningFiguresOut {
	const { lengthM, hardenedLengthM, unhardenedLengthM, unknownLengthM, ratePct, hardenedAreaM2, areaFromDefaultWidthM2, meetsTarget, byClass } = f;
	return { lengthM, hardenedLengthM, unhardenedLengthM, unknownLengthM, ratePct, hardenedAreaM2, areaFromDefaultWidthM2, meetsTarget, byClass };
}

export async function zoneHardening(features: FeatureReads, options: HardeningOptions, now: Date): Promise<HardeningReport> {
	const [roads, zones] = await Promise.all([features.all('roadSegment'), features.all('zone')]);
	const result = hardeningRates(roads.map(asFeature), zones.map(asFeature), options);
	const byZone: Record<string, ZoneHardeningOut> = {};
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
