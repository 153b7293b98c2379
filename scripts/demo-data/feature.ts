import type { Geometry } from 'geojson';

export type Props = Record<string, string | number | boolean | string[] | undefined>;

export interface SeedFeature {
	type: 'Feature';
	id: string;
	geometry: Geometry;
	properties: Props;
}

/** Drops undefined properties so absent fields are absent, not null. */
export function feature(id: string, geometry: Geometry, properties: Props): SeedFeature {
	const props: Props = {};
	for (const [k, v] of Object.entries(properties)) if (v !== undefined) props[k] = v;
	return { type: 'Feature', id, geometry, properties: props };
}

/**
 * One feature per line: compact enough for the size budget, and a change to one feature is a
 * one-line diff in review.
 */
export function serializeCollection(features: readonly SeedFeature[]): string {
	if (features.length === 0) return '{"type":"FeatureCollection","features":[]}\n';
	return `{"type":"FeatureCollection","features":[\n${features.map((f) => JSON.stringify(f)).join(',\n')}\n]}\n`;
}

export const pad = (n: number, width = 3) => String(n).padStart(width, '0');
