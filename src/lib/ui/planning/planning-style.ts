/**
 * Colours of the planning overlays, in one place so the map, its legend and the chart agree.
 *
 * The choropleth legend is fixed (not stretched to the data) so two runs, or two communities, read
 * the same: the 90 % class is the target most campaign standards set for service coverage.
 */
import type { ExpressionSpecification } from 'maplibre-gl';
import { MAP_COLORS, MAP_SCALES } from '../../domain/palette';

export const COVERAGE_CLASSES = [
	{ min: 0, max: 50, color: MAP_SCALES.coverage[0] },
	{ min: 50, max: 70, color: MAP_SCALES.coverage[1] },
	{ min: 70, max: 90, color: MAP_SCALES.coverage[2] },
	{ min: 90, max: 100, color: MAP_SCALES.coverage[3] }
] as const;

export function coverageColor(pct: number): string {
	return (COVERAGE_CLASSES.find((c) => pct < c.max) ?? COVERAGE_CLASSES[COVERAGE_CLASSES.length - 1]).color;
}

/** Fill colour from the zone's `coveragePct` feature-state. */
export const coverageFillColor: ExpressionSpecification = [
	'step',
	['coalesce', ['feature-state', 'coveragePct'], 0],
	COVERAGE_CLASSES[0].color,
	COVERAGE_CLASSES[1].min,
	COVERAGE_CLASSES[1].color,
	COVERAGE_CLASSES[2].min,
	COVERAGE_CLASSES[2].color,
	COVERAGE_CLASSES[3].min,
	COVERAGE_CLASSES[3].color
];

/** Zones without figures (no buildings) stay clear rather than reading as 0 %. */
export const coverageFillOpacity: ExpressionSpecification = ['case', ['==', ['typeof', ['feature-state', 'coveragePct']], 'number'], 0.4, 0];

/**
 * Gap stretches: one colour (a gap is one meaning), wider for the stricter spacing (CJJ 27:
 * commercial 100 m), so a road class is read from the width and the road beneath, and the gaps
 * take no colour from the kinds drawn under them.
 */
export const GAP_COLOR = MAP_COLORS.gap;
export const GAP_CLASS_WIDTHS: Record<string, number> = { commercial: 8, main: 7, secondary: 6, branch: 5, alley: 4 };

export const gapLineWidth: ExpressionSpecification = [
	'match',
	['get', 'roadClass'],
	...Object.entries(GAP_CLASS_WIDTHS).flat(),
	4
] as unknown as ExpressionSpecification;

export const UNCOVERED_COLOR = MAP_COLORS.uncovered;
export const SITE_COLOR = MAP_COLORS.site;
