/**
 * Splitting a road segment where a stretch of it was hardened (the edit itself is
 * src/lib/domain/edits/actions/split-road.ts): the request checked, then one changeset.
 */
import { kindDef } from '../../../domain/kinds';
import { validateFeature } from '../../../domain/validate-feature';
import type { EditAction } from '../../../domain/edits/action';
import { actionSplitRoad, type RoadSplit } from '../../../domain/edits/actions/split-road';
import { ServiceError } from '../service-error';
import type { AppliedChangeset } from '../../store/types';
import type { EditService, WriteContext } from '../edits/edit-service';

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
	if (!isObject(body)) throw new ServiceError('invalid', 'split.invalid', 'Send a JSON object: {"at": [lon, lat], "version": n}.');
	if (!isLonLat(body.at)) throw new ServiceError('invalid', 'split.at', '"at" must be a position [longitude, latitude] in WGS84.');
	const version = body.version ?? ifMatch;
	if (version === undefined) throw new ServiceError('version-required', 'version.required', 'Say which version you split: send "version" or If-Match: "<version>".');
	if (typeof version !== 'number' || !Number.isSafeInteger(version)) throw new ServiceError('invalid', 'version.invalid', '"version" must be a whole number.');
	let parts: SplitRequest['parts'];
	if (body.parts !== undefined) {
		if (!Array.isArray(body.parts) || body.parts.length !== 2 || !body.parts.every((p) => p === null || isObject(p))) {
			throw new ServiceError('invalid', 'split.parts', '"parts" must be two property objects (or null), one per part, from the start of the line.');
		}
		parts = body.parts as SplitRequest['parts'];
	}
	const unknown = Object.keys(body).filter((k) => !['at', 'version', 'parts'].includes(k));
	if (unknown.length > 0) throw new ServiceError('invalid', 'split.unknown-member', `Unknown member "${unknown[0]}".`);
	return { at: body.at, version, parts };
}

export class RoadSplitService {
	constructor(private readonly edits: EditService) {}

	/** The split as an edit action: each part's patch checked against the road kind first. */
	splitAction(id: number, request: SplitRequest): EditAction {
		const parts = request.parts?.map((patch, part) => {
			if (!patch) return null;
			const result = validateFeature(ROAD, { properties: patch }, 'patch');
			if (!result.ok) {
				const issues = result.issues.map((i) => ({ ...i, path: `parts/${part}/${i.path}` }));
				throw new ServiceError('invalid', 'feature.invalid', issues.map((i) => i.message).join(' '), { issues });
			}
			return result.value.properties;
		}) as RoadSplit['parts'];
		return actionSplitRoad({ id, version: request.version, at: request.at, parts });
	}

	async split(id: number, request: SplitRequest, ctx: WriteContext): Promise<AppliedChangeset> {
		return this.edits.perform(ctx, [this.splitAction(id, request)]);
	}
}
