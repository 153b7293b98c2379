/**
 * Splits a road segment where a stretch of it was hardened: the old segment is deleted and two
 * parts are created, each with the old properties plus `splitFrom` (the old id) and the patch
 * given for it. One changeset, so one undo stop, and undoing it brings the old segment back with
 * its history. The parts' patches go in the same step so that a worker marks the paved stretch
 * hardened at once, also from the offline queue where the parts' ids are not known yet.
 */
import type { LineString, Position } from 'geojson';
import { splitLineAt } from '../../../geo/split-line-at';
import type { EditAction } from '../action';
import { patchProperties, type FeatureState, type PropertiesPatch } from '../feature-state';
import { refuse, type Refusal } from '../refusal';

export const ROAD_KIND = 'roadSegment';

export interface RoadSplit {
	id: number;
	version: number;
	at: [number, number];
	/** Merge-patches of the two parts' properties (validated against the road kind), from the start of the line. */
	parts?: [PropertiesPatch | null, PropertiesPatch | null];
}

function cut(road: FeatureState, at: Position) {
	if (road.geometry.type !== 'LineString') return null;
	return splitLineAt(road.geometry as LineString, at);
}

function refusalOf(road: FeatureState, at: Position): Refusal | null {
	if (road.geometry.type !== 'LineString') {
		return refuse('cannot-apply', 'split.geometry', `Road segment ${road.id} is a ${road.geometry.type}; only a single line can be split.`);
	}
	const result = cut(road, at)!;
	if (result.ok) return null;
	if (result.code === 'split.too-far') {
		return refuse('cannot-apply', result.code, `The point is ${Math.round(result.distanceM)} m from the road; tap on the road where the split should be.`, { distanceM: result.distanceM });
	}
	if (result.code === 'split.at-end') return refuse('cannot-apply', result.code, 'That point is at an end of the segment; split it somewhere in between.');
	return refuse('cannot-apply', result.code, 'This segment has too few points to split.');
}

export function actionSplitRoad(split: RoadSplit): EditAction {
	return {
		type: 'road.split',
		reads: [{ id: split.id, kind: ROAD_KIND, currentVersion: split.version }],
		disabled: (current) => refusalOf(current.get(split.id)!, split.at),
		apply(current) {
			const road = current.get(split.id)!;
			const result = cut(road, split.at);
			if (!result?.ok) return [];
			const base = { ...road.properties, splitFrom: String(split.id) };
			const part = (i: 0 | 1) => (split.parts?.[i] ? patchProperties(base, split.parts[i]!) : base);
			return [
				{ op: 'delete', id: split.id, baseVersion: split.version },
				{ op: 'create', kind: ROAD_KIND, geometry: result.parts[0], properties: part(0) },
				{ op: 'create', kind: ROAD_KIND, geometry: result.parts[1], properties: part(1) }
			];
		},
		// Where the cut landed on the stored line, so the split can be followed in the history.
		describe(current) {
			const result = cut(current.get(split.id)!, split.at);
			return { comment: `Split road segment ${split.id}`, meta: { split: { from: split.id, at: result?.ok ? result.at : split.at } } };
		}
	};
}
