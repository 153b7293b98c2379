import type { KindDef } from '../../domain/kinds';
import { fieldOf } from '../../domain/kinds';
import { ApiError } from './api-error';
import type { Bbox, FeatureQuery } from '../repositories/features';

export const DEFAULT_LIMIT = 1000;
export const MAX_LIMIT = 10_000;

/** Parameters of `/items` that are not property filters. */
const RESERVED = new Set(['bbox', 'limit', 'offset', 'f', 'q', 'datetime', 'bbox-crs', 'crs']);

/** Parses `/items` query parameters; anything not understood is a 400 naming the parameter. */
export function parseItemsQuery(def: KindDef, params: URLSearchParams): FeatureQuery {
	const query: FeatureQuery = { limit: DEFAULT_LIMIT, offset: 0, where: {} };
	const limit = params.get('limit');
	if (limit !== null) {
		const n = Number(limit);
		if (!Number.isInteger(n) || n < 1) throw new ApiError(400, 'query.limit', `limit must be a whole number from 1 to ${MAX_LIMIT}.`);
		query.limit = Math.min(n, MAX_LIMIT);
	}
	const offset = params.get('offset');
	if (offset !== null) {
		const n = Number(offset);
		if (!Number.isSafeInteger(n) || n < 0) throw new ApiError(400, 'query.offset', 'offset must be a whole number, 0 or more.');
		query.offset = n;
	}
	const bbox = params.get('bbox');
	if (bbox !== null) query.bbox = parseBbox(bbox);
	const q = params.get('q');
	if (q) query.nameContains = q.slice(0, 200);
	for (const [key, value] of params) {
		if (RESERVED.has(key)) continue;
		if (!fieldOf(def, key)) {
			throw new ApiError(400, 'query.unknown-field', `"${key}" is not a field of ${def.label.en.toLowerCase()} and cannot be filtered on.`);
		}
		query.where![key] = value;
	}
	return query;
}

/** `minLon,minLat,maxLon,maxLat` (or the six numbers of a 3D box), checked; a 400 naming what is wrong. */
export function parseBbox(raw: string): Bbox {
	const parts = raw.split(',').map((s) => Number(s));
	if ((parts.length !== 4 && parts.length !== 6) || parts.some((n) => !Number.isFinite(n))) {
		throw new ApiError(400, 'query.bbox', 'bbox must be four numbers: minLon,minLat,maxLon,maxLat.');
	}
	const [minX, minY, maxX, maxY] = parts.length === 4 ? parts : [parts[0], parts[1], parts[3], parts[4]];
	if (minX > maxX || minY > maxY || minY < -90 || maxY > 90 || minX < -180 || maxX > 180) {
		throw new ApiError(400, 'query.bbox', 'bbox must be minLon,minLat,maxLon,maxLat within −180…180 and −90…90, min before max.');
	}
	return [minX, minY, maxX, maxY];
}
