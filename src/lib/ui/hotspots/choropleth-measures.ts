/**
 * The choropleth's measures with FIXED class breaks: a zone's colour means the same figure in
 * every week and every period, so stepping through time shows change instead of re-scaled colours.
 * Breaks suit a community of 10–50 zones of 0.02–0.5 km² and a few hundred cases a month.
 */
import type { ExpressionSpecification } from 'maplibre-gl';
import type { ZoneFigure } from './hotspot-api';
import { MAP_SCALES } from '../../domain/palette';

export type ZoneMeasure = 'count' | 'perKm2' | 'per1000Residents' | 'open' | 'overdue' | 'resolvedOnTimePct' | 'medianDaysToResolve';

export interface MeasureDef {
	id: ZoneMeasure;
	/** Lower bounds of classes 1…n; class 0 is below the first break. */
	breaks: readonly number[];
	/** True when a higher value is better (on-time share): the ramp runs the other way. */
	higherIsBetter?: boolean;
	digits: number;
}

export const MEASURES: readonly MeasureDef[] = [
	{ id: 'count', breaks: [1, 3, 6, 10, 20], digits: 0 },
	{ id: 'perKm2', breaks: [10, 50, 100, 200, 400], digits: 0 },
	{ id: 'per1000Residents', breaks: [0.5, 1, 2, 5, 10], digits: 2 },
	{ id: 'open', breaks: [1, 2, 4, 8, 15], digits: 0 },
	{ id: 'overdue', breaks: [1, 2, 3, 5, 10], digits: 0 },
	{ id: 'resolvedOnTimePct', breaks: [50, 70, 80, 90, 100], higherIsBetter: true, digits: 0 },
	{ id: 'medianDaysToResolve', breaks: [2, 4, 7, 10, 14], digits: 1 }
];

/** Six classes, light to dark red (ColorBrewer Reds 6, colour-blind safe as a single hue). */
const RAMP: string[] = [...MAP_SCALES.hotspotCounts];

export const measureDef = (id: ZoneMeasure): MeasureDef => MEASURES.find((m) => m.id === id)!;

export function classColors(def: MeasureDef): string[] {
	return def.higherIsBetter ? [...RAMP].reverse() : RAMP;
}

export function classOf(value: number, def: MeasureDef): number {
	let cls = 0;
	for (const b of def.breaks) if (value >= b) cls++;
	return cls;
}

/** Legend rows: the range each colour stands for. */
export function legendClasses(def: MeasureDef): { color: string; from: number | null; to: number | null }[] {
	const colors = classColors(def);
	return colors.map((color, i) => ({ color, from: i === 0 ? null : def.breaks[i - 1], to: i < def.breaks.length ? def.breaks[i] : null }));
}

/** fill-color from the zone's feature-state `value`; zones without a figure stay uncoloured. */
export function fillColorExpression(def: MeasureDef): ExpressionSpecification {
	const colors = classColors(def);
	const steps: (string | number)[] = [colors[0]];
	def.breaks.forEach((b, i) => steps.push(b, colors[i + 1]));
	return ['case', ['==', ['typeof', ['feature-state', 'value']], 'number'], ['step', ['feature-state', 'value'], ...steps], 'rgba(0,0,0,0)'] as unknown as ExpressionSpecification;
}

export function valueOf(zone: ZoneFigure, measure: ZoneMeasure): number | null {
	return zone[measure];
}
