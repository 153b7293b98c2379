/**
 * Colours of the planning overlays, in one place so the map, its legend and the chart agree.
 *
 * The choropleth legend is fixed (not stretched to the data) so two runs, or two communities, read
 * the same: the 90 % class is the target most campaign standards set for service coverage.
 */
import type { ExpressionSpecification } from 'maplibre-gl';

export const COVERAGE_CLASSES = [
	{ min: 0, max: 50, color: '#dc2626' },
	{ min: 50, max: 70, color: '#f97316' },
	{ min: 70, max: 90, color: '#facc15' },
	{ min: 90, max: 100, color: '#16a34a' }
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

/** Gap stretches by road class, strongest for the strictest spacing (CJJ 27: commercial 100 m). */
export const GAP_CLASS_COLORS: Record<string, string> = {
	commercial: '#be123c',
	main: '#7c3aed',
	secondary: '#2563eb',
	branch: '#0891b2',
	alley: '#65a30d'
};

export const gapLineColor: ExpressionSpecification = [
	'match',
	['get', 'roadClass'],
	...Object.entries(GAP_CLASS_COLORS).flat(),
	'#525252'
] as unknown as ExpressionSpecification;

export const UNCOVERED_COLOR = '#e11d48';
export const SITE_COLOR = '#0f766e';
