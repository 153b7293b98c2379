/**
 * Checks a GeoJSON geometry submitted by a user against the geometry type its kind expects.
 *
 * Hand-written rather than taken from a GeoJSON validator because what we need is narrow and
 * coded: WGS84 ranges, a vertex limit that refuses huge rings before anything is allocated for
 * them, a nesting limit walked iteratively (no recursion, so a 20,000-deep array can't overflow
 * the stack), and issues as `{ code, message, path }` rather than exceptions.
 *
 * The geometry object is checked whole: `type`, `coordinates` and an optional `bbox` (four or six
 * numbers), nothing else. Any other member, `__proto__` or one nested thousands deep, would be
 * stored and sent to every page that shows the feature; it is refused instead. What is stored is
 * a fresh `{ type, coordinates }` (cleanGeometry), the server keeps its own bounding box.
 */
import type { Geometry } from 'geojson';
import { issue as makeIssue, type IssueParams, type ValidationIssue as AnyIssue } from '../issues';

/** Every code a geometry check can give; each has a message in the UI's languages (import.issue.<code>). */
export const GEOMETRY_ISSUE_CODES = [
	'geometry.missing',
	'geometry.type',
	'geometry.unknown-member',
	'geometry.bbox',
	'geometry.coordinates.shape',
	'geometry.coordinates.not-number',
	'geometry.coordinates.not-finite',
	'geometry.coordinates.range',
	'geometry.too-many-vertices',
	'geometry.line.too-short',
	'geometry.ring.too-short',
	'geometry.polygon.empty',
	'geometry.empty',
	'geometry.ring.not-closed'
] as const;
export type GeometryIssueCode = (typeof GEOMETRY_ISSUE_CODES)[number];
type ValidationIssue = AnyIssue<GeometryIssueCode>;
const issue = (code: GeometryIssueCode, message: string, path: string, params?: IssueParams): ValidationIssue => makeIssue(code, message, path, params);

export type BaseGeometryType = 'Point' | 'LineString' | 'Polygon';

export interface GeometryLimits {
	maxVertices: number;
}

export const DEFAULT_GEOMETRY_LIMITS: GeometryLimits = { maxVertices: 100_000 };

/** How deep `coordinates` nests for each accepted type: a position is depth 1. */
const COORDINATE_DEPTH: Record<string, number> = {
	Point: 1,
	MultiPoint: 2,
	LineString: 2,
	MultiLineString: 3,
	Polygon: 3,
	MultiPolygon: 4
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function validateGeometry(
	value: unknown,
	expected: BaseGeometryType,
	limits: GeometryLimits = DEFAULT_GEOMETRY_LIMITS,
	path = 'geometry'
): ValidationIssue[] {
	if (!isObject(value)) return [issue('geometry.missing', 'A geometry object is required.', path)];
	const type = value.type;
	const accepted = [expected, `Multi${expected}`];
	if (typeof type !== 'string' || !accepted.includes(type)) {
		return [
			issue(
				'geometry.type',
				`This layer takes ${accepted.join(' or ')} geometries, not ${typeof type === 'string' ? type : 'an untyped geometry'}.`,
				`${path}.type`,
				{ expected: expected, found: typeof type === 'string' ? type.slice(0, 40) : '' }
			)
		];
	}
	const members = memberIssues(value, path);
	if (members.length > 0) return members;
	return validateCoordinates(value.coordinates, type, limits, `${path}.coordinates`);
}

const GEOMETRY_MEMBERS = new Set(['type', 'coordinates', 'bbox']);

function memberIssues(value: Record<string, unknown>, path: string): ValidationIssue[] {
	// Own keys, so a "__proto__" member parsed from JSON is seen too.
	const unknown = Reflect.ownKeys(value).filter((k) => typeof k !== 'string' || !GEOMETRY_MEMBERS.has(k));
	if (unknown.length > 0) {
		const names = unknown.slice(0, 5).map((k) => JSON.stringify(String(k)).slice(0, 42)).join(', ');
		return [issue('geometry.unknown-member', `A geometry has only "type", "coordinates" and "bbox"; ${names} is not allowed.`, `${path}.${String(unknown[0]).slice(0, 40)}`, { names })];
	}
	const bbox = value.bbox;
	if (bbox !== undefined && !(Array.isArray(bbox) && (bbox.length === 4 || bbox.length === 6) && bbox.every((n) => typeof n === 'number' && Number.isFinite(n)))) {
		return [issue('geometry.bbox', 'A geometry\'s "bbox" is a list of 4 (or 6) numbers.', `${path}.bbox`)];
	}
	return [];
}

/** The members of a geometry validateGeometry accepted that are stored: its type and coordinates. */
export function cleanGeometry(value: Geometry): Geometry {
	return { type: value.type, coordinates: (value as Exclude<Geometry, { type: 'GeometryCollection' }>).coordinates } as Geometry;
}

function validateCoordinates(coords: unknown, type: string, limits: GeometryLimits, path: string): ValidationIssue[] {
	const depth = COORDINATE_DEPTH[type];
	const issues: ValidationIssue[] = [];
	let vertices = 0;
	// Iterative walk: [node, depth remaining, path]
	const stack: [unknown, number, string][] = [[coords, depth, path]];
	while (stack.length > 0) {
		const [node, d, p] = stack.pop()!;
		if (!Array.isArray(node)) {
			issues.push(issue('geometry.coordinates.shape', `Expected an array of coordinates at ${p}.`, p, { shape: 'array' }));
			return issues;
		}
		if (d === 1) {
			vertices++;
			if (vertices > limits.maxVertices) {
				return [
					issue(
						'geometry.too-many-vertices',
						`The geometry has more than ${limits.maxVertices} vertices (limit maxVertices).`,
						path,
						{ limit: limits.maxVertices }
					)
				];
			}
			const positionIssue = checkPosition(node, p);
			if (positionIssue) {
				issues.push(positionIssue);
				if (issues.length >= 20) return issues;
			}
			continue;
		}
		const structural = checkStructure(node, type, d, p);
		if (structural) {
			issues.push(structural);
			return issues;
		}
		for (let i = node.length - 1; i >= 0; i--) stack.push([node[i], d - 1, `${p}.${i}`]);
	}
	if (issues.length === 0) issues.push(...checkRingsClosed(coords, type, path));
	return issues;
}

function checkPosition(pos: unknown[], path: string): ValidationIssue | null {
	if (pos.length < 2 || pos.length > 3) {
		return issue('geometry.coordinates.shape', 'A position must have 2 numbers (longitude, latitude), or 3 with elevation.', path, { shape: 'position' });
	}
	for (const n of pos) {
		if (typeof n !== 'number') {
			return issue('geometry.coordinates.not-number', `Coordinates must be numbers, got ${JSON.stringify(n)}.`, path, { value: String(JSON.stringify(n)).slice(0, 40) });
		}
		if (!Number.isFinite(n)) return issue('geometry.coordinates.not-finite', 'Coordinates must be finite numbers.', path);
	}
	const [lon, lat] = pos as number[];
	if (lon < -180 || lon > 180) {
		return issue('geometry.coordinates.range', `Longitude ${lon} is outside −180…180 (coordinates are WGS84 lon/lat).`, path, { axis: 'longitude', value: lon, min: -180, max: 180 });
	}
	if (lat < -90 || lat > 90) {
		return issue('geometry.coordinates.range', `Latitude ${lat} is outside −90…90 (coordinates are WGS84 lon/lat).`, path, { axis: 'latitude', value: lat, min: -90, max: 90 });
	}
	return null;
}

/** Minimum member counts at each level of nesting. */
function checkStructure(node: unknown[], type: string, depthLeft: number, path: string): ValidationIssue | null {
	const isLine = (type === 'LineString' && depthLeft === 2) || (type === 'MultiLineString' && depthLeft === 2);
	const isRing = (type === 'Polygon' || type === 'MultiPolygon') && depthLeft === 2;
	if (isLine && node.length < 2) return issue('geometry.line.too-short', 'A line needs at least 2 positions.', path);
	if (isRing && node.length < 4) return issue('geometry.ring.too-short', 'A polygon ring needs at least 4 positions.', path);
	if (((type === 'Polygon' && depthLeft === 3) || (type === 'MultiPolygon' && depthLeft === 3)) && node.length < 1) {
		return issue('geometry.polygon.empty', 'A polygon needs at least one ring.', path);
	}
	if (node.length === 0) return issue('geometry.empty', 'The geometry has no coordinates.', path);
	return null;
}

function checkRingsClosed(coords: unknown, type: string, path: string): ValidationIssue[] {
	if (type !== 'Polygon' && type !== 'MultiPolygon') return [];
	const polygons = (type === 'Polygon' ? [coords] : (coords as unknown[])) as number[][][][];
	const issues: ValidationIssue[] = [];
	polygons.forEach((rings, pi) =>
		rings.forEach((ring, ri) => {
			const a = ring[0];
			const b = ring[ring.length - 1];
			if (a[0] !== b[0] || a[1] !== b[1]) {
				const p = type === 'Polygon' ? `${path}.${ri}` : `${path}.${pi}.${ri}`;
				issues.push(issue('geometry.ring.not-closed', 'A polygon ring must end where it starts.', p));
			}
		})
	);
	return issues;
}

/** The bounding box [minX, minY, maxX, maxY] of a geometry already validated. */
export function geometryBbox(geometry: Geometry): [number, number, number, number] {
	let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
	const stack: unknown[] = [geometry.type === 'GeometryCollection' ? geometry.geometries.map((g) => (g as { coordinates: unknown }).coordinates) : geometry.coordinates];
	while (stack.length) {
		const node = stack.pop() as unknown[];
		if (typeof node[0] === 'number') {
			const x = node[0] as number, y = node[1] as number;
			if (x < minX) minX = x;
			if (x > maxX) maxX = x;
			if (y < minY) minY = y;
			if (y > maxY) maxY = y;
		} else for (const child of node) stack.push(child);
	}
	return [minX, minY, maxX, maxY];
}
