/**
 * A feature as an edit sees it: its kind, version, geometry and properties, and whether it is
 * deleted (a deleted feature keeps its last state, so an undo can bring it back).
 */
import type { Geometry } from 'geojson';
import { sameValue } from './same-value';

export type Properties = Record<string, unknown>;

/** A JSON merge patch of properties (RFC 7386, one level): a value sets the field, `null` removes it. */
export type PropertiesPatch = Record<string, unknown>;

export interface FeatureState {
	id: number;
	kind: string;
	version: number;
	geometry: Geometry;
	properties: Properties;
	deleted?: boolean;
}

/** The features an edit reads, by id, as they are when it is applied. */
export type CurrentFeatures = ReadonlyMap<number, FeatureState>;

/** `properties` with the patch applied; the input is not changed. */
export function patchProperties(properties: Properties, patch: PropertiesPatch): Properties {
	const next = { ...properties };
	for (const [key, value] of Object.entries(patch)) {
		if (value === null) delete next[key];
		else next[key] = value;
	}
	return next;
}

/** The merge patch that turns `from` into `to`: changed and new fields set, missing ones null. */
export function patchBetween(from: Properties, to: Properties): PropertiesPatch {
	const patch: PropertiesPatch = {};
	for (const key of Object.keys(from)) if (!(key in to)) patch[key] = null;
	for (const [key, value] of Object.entries(to)) if (!sameValue(value, from[key])) patch[key] = value;
	return patch;
}
