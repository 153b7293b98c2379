/**
 * Splitting a road segment where a stretch of it was hardened: ONE changeset deletes the old
 * segment and creates the two parts, each with the old properties plus `splitFrom` (the old id),
 * so the split is one undo stop and reverting it brings the old segment back with its history.
 */
import type { LineString, Position } from 'geojson';
import { kindDef } from '../../../domain/kinds';
import { validateFeature } from '../../../domain/validate-feature';
import { splitLineAt } from '../../../geo/split-line-at';
import { ApiError } from '../../http/api-error';
import type { AppliedChangeset, ChangesetRepository } from '../../repositories/changesets';
import type { FeatureRepository } from '../../repositories/features';
import type { WriteContext } from './feature-service';

export interface SplitRequest {
	at: [number, number];
	/** The version of the segment the caller saw. */
	version: number;
	/**
	 * Optional merge-patches of the two parts' properties, applied in the same changeset: a field
	 * worker splits off the stretch that was paved and marks it hardened in one step, which also
	 * works from the offline queue where the new parts' ids are not known yet.
	 */
	parts?: [Record<string, unknown> | null, Record<string, unknown> | null];
}

const ROAD = kindDef('roadSegment')!;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isLonLat = (v: unknown): v is [number, number] =>
	Array.isArray(v) && v.length === 2 && v.every((n) => typeof n === 'number' && Number.isFinite(n)) && Math.abs(v[0]) <= 180 && Math.abs(v[1]) <= 90;

/** Checks the body of a split request; every problem is a 4xx the caller can act on. */
export function parseSplitRequest(body: unknown, ifMatch: number | undefined): SplitRequest {
	if (!isObject(body)) throw new ApiError(400, 'split.invalid', 'Send a JSON object: {"at": [lon, lat], "version": n}.');
	if (!isLonLat(body.at)) throw new ApiError(400, 'split.at', '"at" must be a position [longitude, latitude] in WGS84.');
	const version = body.version ?? ifMatch;
	if (version === undefined) throw new ApiError(428, 'version.required', 'Say which version you split: send "version" or If-Match: "<version>".');
	if (typeof version !== 'number' || !Number.isSafeInteger(version)) throw new ApiError(400, 'version.invalid', '"version" must be a whole number.');
	let parts: SplitRequest['parts'];
	if (body.parts !== undefined) {
		if (!Array.isArray(body.parts) || body.parts.length !== 2 || !body.parts.every((p) => p === null || isObject(p))) {
			throw new ApiError(400, 'split.parts', '"parts" must be two property objects (or null), one per part, from the start of the line.');
		}
		parts = body.parts as SplitRequest['parts'];
	}
	const unknown = Object.keys(body).filter((k) => !['at', 'version', 'parts'].includes(k));
	if (unknown.length > 0) throw new ApiError(400, 'split.unknown-member', `Unknown member "${unknown[0]}".`);
	return { at: body.at, version, parts };
}

export class RoadSplitService {
	constructor(
		private readonly features: FeatureRepository,
		private readonly changesets: ChangesetRepository
	) {}

	split(id: number, request: SplitRequest, ctx: WriteContext): AppliedChangeset {
		const current = this.features.get(ROAD.kind, id);
		if (!current) throw new ApiError(404, 'feature.not-found', `There is no road segment ${id}.`);
		if (current.geometry.type !== 'LineString') {
			throw new ApiError(422, 'split.geometry', `Road segment ${id} is a ${current.geometry.type}; only a single line can be split.`);
		}
		const cut = splitLineAt(current.geometry as LineString, request.at);
		if (!cut.ok) throw splitRefused(cut.code, cut.distanceM);

		const base = { ...current.properties, splitFrom: String(id) };
		const propertiesOf = (patch: Record<string, unknown> | null | undefined, part: number) => {
			if (!patch) return base;
			const result = validateFeature(ROAD, { properties: patch }, 'patch');
			if (!result.ok) {
				const issues = result.issues.map((i) => ({ ...i, path: `parts/${part}/${i.path}` }));
				throw new ApiError(400, 'feature.invalid', issues.map((i) => i.message).join(' '), { issues });
			}
			const merged: Record<string, unknown> = { ...base };
			for (const [k, v] of Object.entries(result.value.properties)) {
				if (v === null) delete merged[k];
				else merged[k] = v;
			}
			return merged;
		};
		const [a, b] = cut.parts;
		return this.changesets.apply(
			{ ...ctx, comment: ctx.comment ?? `Split road segment ${id}`, meta: { split: { from: id, at: cut.at as Position } } },
			[
				{ op: 'delete', id, baseVersion: request.version },
				{ op: 'create', kind: ROAD.kind, geometry: a, properties: propertiesOf(request.parts?.[0], 0) },
				{ op: 'create', kind: ROAD.kind, geometry: b, properties: propertiesOf(request.parts?.[1], 1) }
			]
		);
	}
}

function splitRefused(code: 'split.too-far' | 'split.at-end' | 'split.degenerate', distanceM: number): ApiError {
	if (code === 'split.too-far') {
		return new ApiError(422, code, `The point is ${Math.round(distanceM)} m from the road; tap on the road where the split should be.`, { distanceM });
	}
	if (code === 'split.at-end') return new ApiError(422, code, 'That point is at an end of the segment; split it somewhere in between.');
	return new ApiError(422, code, 'This segment has too few points to split.');
}
