/**
 * Parsing and range checks of the analysis endpoints' parameters (query strings and JSON bodies).
 * Anything out of range is a 400 naming the parameter and its range, before any work starts.
 */
import { ServiceError } from '../service-error';
import { ROAD_CLASSES, type RoadClass } from '../../../domain/road-class';

export interface Range {
	min: number;
	max: number;
	integer?: boolean;
}

/** Walking radius of a bin, metres: wider than any rule allows, narrow enough to keep siting fast. */
export const RADIUS_RANGE: Range = { min: 1, max: 1000 };
export const SNAP_RANGE: Range = { min: 0, max: 200 };
export const SPACING_RULE_RANGE: Range = { min: 10, max: 2000 };
/** Features in one page of a map's view (view-page.ts): a city's view at once without tens of megabytes. */
export const VIEW_PAGE_LIMIT_RANGE: Range = { min: 1, max: 50_000, integer: true };
/** Suggested sites per request. */
export const COUNT_RANGE: Range = { min: 1, max: 100, integer: true };
/** Candidate spacing along roads: below 2 m the candidates outnumber any useful precision. */
export const CANDIDATE_SPACING_RANGE: Range = { min: 2, max: 500 };
/** The exact solver blocks its request while it runs, so it gets at most half a minute. */
export const TIME_LIMIT_RANGE: Range = { min: 1, max: 30 };
/** Sites accepted in one changeset. */
export const ACCEPT_MAX = 200;

export function checkNumber(name: string, value: unknown, range: Range): number {
	const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	const kind = range.integer ? 'a whole number' : 'a number';
	if (typeof n !== 'number' || !Number.isFinite(n) || (range.integer && !Number.isInteger(n)) || n < range.min || n > range.max) {
		throw new ServiceError('invalid', `param.${name}`, `${name} must be ${kind} from ${range.min} to ${range.max}, got ${JSON.stringify(value)}.`, {
			parameter: name,
			...range
		});
	}
	return n;
}

/** An optional number from the query string. */
export function queryNumber(params: URLSearchParams, name: string, range: Range): number | undefined {
	const raw = params.get(name);
	return raw === null || raw === '' ? undefined : checkNumber(name, raw, range);
}

export function queryBoolean(params: URLSearchParams, name: string): boolean {
	const raw = params.get(name);
	if (raw === null || raw === '' || raw === 'false' || raw === '0') return false;
	if (raw === 'true' || raw === '1') return true;
	throw new ServiceError('invalid', `param.${name}`, `${name} must be true or false, got "${raw}".`, { parameter: name });
}

/** Spacing overrides for this request only, as `spacing.alley=300` (metres by road class). */
export function querySpacing(params: URLSearchParams): Partial<Record<RoadClass, number>> {
	const spacing: Partial<Record<RoadClass, number>> = {};
	for (const [key, value] of params) {
		if (!key.startsWith('spacing.')) continue;
		const cls = key.slice('spacing.'.length);
		if (!(ROAD_CLASSES as readonly string[]).includes(cls)) {
			throw new ServiceError('invalid', 'param.spacing', `"${cls}" is not a road class (known: ${ROAD_CLASSES.join(', ')}).`, { parameter: key });
		}
		spacing[cls as RoadClass] = checkNumber(key, value, SPACING_RULE_RANGE);
	}
	return spacing;
}

/** The query of the gaps endpoints: `snap`, `includePlanned` and `spacing.<class>` (their other parameters apart). */
export function queryGaps(params: URLSearchParams, others: readonly string[]) {
	onlyKnownParams(params, ['snap', 'includePlanned', ...others], ['spacing.']);
	return { snapM: queryNumber(params, 'snap', SNAP_RANGE), binSpacingM: querySpacing(params), includePlanned: queryBoolean(params, 'includePlanned') };
}

/** Refuses query parameters the endpoint does not know, so a typo is not silently a default. */
export function onlyKnownParams(params: URLSearchParams, known: readonly string[], prefixes: readonly string[] = []): void {
	for (const key of params.keys()) {
		if (known.includes(key) || prefixes.some((p) => key.startsWith(p))) continue;
		throw new ServiceError('invalid', 'param.unknown', `"${key}" is not a parameter of this analysis (known: ${[...known, ...prefixes.map((p) => p + '<class>')].join(', ')}).`, {
			parameter: key
		});
	}
}

export function bodyObject(body: unknown): Record<string, unknown> {
	if (typeof body !== 'object' || body === null || Array.isArray(body)) {
		throw new ServiceError('invalid', 'body.not-object', 'Send a JSON object.');
	}
	return body as Record<string, unknown>;
}

export function onlyKnownMembers(body: Record<string, unknown>, known: readonly string[]): void {
	for (const key of Object.keys(body)) {
		if (!known.includes(key)) throw new ServiceError('invalid', 'body.unknown-member', `"${key}" is not understood here (known: ${known.join(', ')}).`, { member: key });
	}
}

export function optionalBoolean(body: Record<string, unknown>, name: string): boolean | undefined {
	const v = body[name];
	if (v === undefined) return undefined;
	if (typeof v !== 'boolean') throw new ServiceError('invalid', `param.${name}`, `${name} must be true or false.`, { parameter: name });
	return v;
}

/** POST /api/analysis/sites: `{count, radius?, spacing?, exact?, timeLimit?, includePlanned?}`. */
export function parseSitesBody(raw: unknown) {
	const body = bodyObject(raw);
	onlyKnownMembers(body, ['count', 'radius', 'spacing', 'exact', 'timeLimit', 'includePlanned']);
	if (body.count === undefined) throw new ServiceError('invalid', 'param.count', `Say how many sites to suggest: "count" from ${COUNT_RANGE.min} to ${COUNT_RANGE.max}.`);
	return {
		count: checkNumber('count', body.count, COUNT_RANGE),
		radiusM: body.radius === undefined ? undefined : checkNumber('radius', body.radius, RADIUS_RANGE),
		spacingM: body.spacing === undefined ? undefined : checkNumber('spacing', body.spacing, CANDIDATE_SPACING_RANGE),
		exact: optionalBoolean(body, 'exact'),
		timeLimitS: body.timeLimit === undefined ? undefined : checkNumber('timeLimit', body.timeLimit, TIME_LIMIT_RANGE),
		includePlanned: optionalBoolean(body, 'includePlanned')
	};
}

/** POST /api/analysis/sites/accept: `{sites: [{lon, lat}, …], comment?}`; extra members of a site (rank, gain) are ignored. */
export function parseAcceptBody(raw: unknown) {
	const body = bodyObject(raw);
	onlyKnownMembers(body, ['sites', 'comment']);
	if (!Array.isArray(body.sites) || body.sites.length === 0 || body.sites.length > ACCEPT_MAX) {
		throw new ServiceError('invalid', 'sites.count', `"sites" must be a list of 1 to ${ACCEPT_MAX} positions {lon, lat}.`);
	}
	const sites = body.sites.map((s, i) => {
		const site = typeof s === 'object' && s !== null ? (s as Record<string, unknown>) : {};
		const lon = site.lon, lat = site.lat;
		if (typeof lon !== 'number' || typeof lat !== 'number' || !(Math.abs(lon) <= 180) || !(Math.abs(lat) <= 90)) {
			throw new ServiceError('invalid', 'sites.position', `Site ${i + 1} needs "lon" from −180 to 180 and "lat" from −90 to 90 (WGS84 degrees).`, { index: i });
		}
		return { lon, lat };
	});
	if (body.comment !== undefined && typeof body.comment !== 'string') throw new ServiceError('invalid', 'param.comment', '"comment" must be text.');
	return { sites, comment: typeof body.comment === 'string' ? body.comment.slice(0, 500) : undefined };
}
