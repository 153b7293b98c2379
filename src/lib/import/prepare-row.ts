/**
 * One source row → one feature of a kind, or the reasons it cannot be one. Geometry is checked
 * against the kind (type, WGS84 range, vertex limit) before anything else touches it, converted
 * from GCJ-02/BD-09 when asked, polygons are checked for self-intersections, attributes go through
 * the column mapping (the columns that fill no field are kept as source attributes), and the result
 * is validated like any other write (validateFeature).
 */
import type { Geometry, Feature } from 'geojson';
import { kinks, pointOnFeature } from '@turf/turf';
import { kindDef, type KindDef } from '../domain/kinds';
import { validateFeature } from '../domain/validate-feature';
import { validateGeometry } from '../geo/validate-geometry';
import { applyMapping, type ColumnMapping } from './column-mapping';
import { toWgs84 } from './crs';
import { kindForOsmTags } from './osm-tags';
import { collectSourceAttributes } from './source-attributes';
import { isPlainObject, rowIssue, type ImportIssue, type IssueParams, type ImportLimits, type SourceCrs, type SourceRow } from './types';

export interface Candidate {
	row: number;
	kind: string;
	geometry: Geometry;
	/** The full properties for a new feature, defaults filled in. */
	properties: Record<string, unknown>;
	/** Only the values the file gives: what an update of an existing feature changes. */
	given: Record<string, unknown>;
	/** The key column's value, or the OSM id: how a re-import finds what it created. */
	key?: string;
}

export interface PreparedRow {
	candidate?: Candidate;
	/** For OSM rows: the kind the tags asked for (set even when the row is rejected). */
	kind?: string;
	issues: ImportIssue[];
}

export interface FileRowOptions {
	def: KindDef;
	mapping: ColumnMapping;
	crs: SourceCrs;
	keyColumn?: string;
	/** Columns kept with the feature as its source attributes: those that fill no field and hold no coordinates. */
	sourceColumns?: readonly string[];
	limits: Pick<ImportLimits, 'maxVertices'>;
	now?: Date;
}

export function prepareFileRow(source: SourceRow, options: FileRowOptions): PreparedRow {
	const { def, row } = { def: options.def, row: source.row };
	const geometry = checkGeometry(source.geometry, def, row, options);
	if (!geometry.ok) return { issues: geometry.issues };
	const mapped = applyMapping(def, row, source.attributes, options.mapping);
	const kept = collectSourceAttributes(row, source.attributes, options.sourceColumns ?? []);
	if (kept.value) mapped.properties.sourceAttributes = kept.value;
	const issues = [...geometry.issues, ...mapped.issues, ...kept.issues];
	let key: string | undefined;
	if (options.keyColumn) {
		const raw = source.attributes[options.keyColumn];
		key = raw === null || raw === undefined ? '' : String(raw).trim();
		if (key === '') issues.push(rowIssue(row, 'key.missing', `Row ${row} has no value in the key column "${options.keyColumn}".`, `column.${options.keyColumn}`, 'error', { column: options.keyColumn }));
	}
	return finish(def, row, geometry.value, mapped.properties, key, issues, options.now);
}

export function prepareOsmRow(source: SourceRow, options: { crs: SourceCrs; limits: Pick<ImportLimits, 'maxVertices'>; now?: Date }): PreparedRow | null {
	const match = kindForOsmTags(source.tags ?? {});
	if (!match) return null;
	const def = kindDef(match.kind)!;
	const row = source.row;
	const issues: ImportIssue[] = [];
	const osmId = source.osmId ?? '';
	if (source.incomplete) issues.push(rowIssue(row, 'osm.incomplete', `${source.osmId}: some of its members are outside the extract; its shape may be cut.`, 'geometry', 'warning', { osmId }));
	if (source.geometry === null || source.geometry === undefined) {
		return { kind: def.kind, issues: [rowIssue(row, 'osm.no-geometry', `${source.osmId} has no shape in this extract (its nodes or members lie outside it), so it was left out.`, 'geometry', 'error', { osmId })] };
	}
	let raw = source.geometry;
	const type = isPlainObject(raw) ? raw.type : undefined;
	if (def.geometry === 'Point' && (type === 'Polygon' || type === 'MultiPolygon' || type === 'LineString' || type === 'MultiLineString')) {
		// A shop or bin drawn as a building outline: keep a point inside it.
		try {
			raw = pointOnFeature(raw as Geometry).geometry;
		} catch {
			// Left as it is: the geometry check below reports it.
		}
	}
	if (def.geometry === 'LineString' && (type === 'Polygon' || type === 'MultiPolygon')) {
		return { kind: def.kind, issues: [...issues, rowIssue(row, 'osm.area-not-line', `${source.osmId} is mapped as an area, not a line; ${def.label.en.toLowerCase()} are lines.`, 'geometry', 'error', { osmId, kind: def.kind })] };
	}
	if (def.geometry === 'Polygon' && type !== 'Polygon' && type !== 'MultiPolygon') {
		return { kind: def.kind, issues: [...issues, rowIssue(row, 'osm.not-area', `${source.osmId} is not a closed area (it is a ${String(type)}), so it cannot be a zone.`, 'geometry', 'error', { osmId, found: String(type) })] };
	}
	const geometry = checkGeometry(raw, def, row, { crs: options.crs, limits: options.limits }, source.osmId, { osmId });
	if (!geometry.ok) return { kind: def.kind, issues: [...issues, ...geometry.issues] };
	const prepared = finish(def, row, geometry.value, { ...match.properties, osmId: source.osmId }, source.osmId, [...issues, ...geometry.issues], options.now, source.osmId, { osmId });
	return { ...prepared, kind: def.kind };
}

function checkGeometry(
	raw: unknown,
	def: KindDef,
	row: number,
	options: { crs: SourceCrs; limits: Pick<ImportLimits, 'maxVertices'> },
	label = `Row ${row}`,
	extra: IssueParams = {}
): { ok: true; value: Geometry; issues: ImportIssue[] } | { ok: false; issues: ImportIssue[] } {
	const found = validateGeometry(raw, def.geometry, options.limits);
	if (found.length > 0) {
		return {
			ok: false,
			issues: found.map((i) =>
				rowIssue(
					row,
					i.code,
					i.code === 'geometry.too-many-vertices'
						? `${label}: the geometry has more than ${options.limits.maxVertices} vertices (SANIMAP_MAX_VERTICES).`
						: `${label}: ${i.message}`,
					i.path,
					'error',
					{ ...i.params, ...extra }
				)
			)
		};
	}
	const geometry = toWgs84(raw as Geometry, options.crs);
	const issues: ImportIssue[] = [];
	if (geometry.type === 'Polygon' || geometry.type === 'MultiPolygon') {
		let crossings = 0;
		let first: number[] | undefined;
		try {
			const found = kinks(geometry as Parameters<typeof kinks>[0]);
			crossings = found.features.length;
			first = found.features[0]?.geometry.coordinates;
		} catch {
			crossings = 0;
		}
		if (crossings > 0) {
			const near = first!.map((n) => n.toFixed(6)).join(', ');
			issues.push(
				rowIssue(row, 'geometry.self-intersection', `${label}: the polygon crosses itself (${crossings} crossing${crossings > 1 ? 's' : ''}, first near ${near}). Fix its outline and import it again.`, 'geometry', 'error', { ...extra, crossings, near })
			);
			return { ok: false, issues };
		}
	}
	return { ok: true, value: geometry, issues };
}

function finish(def: KindDef, row: number, geometry: Geometry, given: Record<string, unknown>, key: string | undefined, issues: ImportIssue[], now?: Date, label = `Row ${row}`, extra: IssueParams = {}): PreparedRow {
	const feature: Feature = { type: 'Feature', geometry, properties: given };
	const validated = validateFeature(def, feature, 'create', { now, limits: { maxVertices: Number.MAX_SAFE_INTEGER } });
	if (!validated.ok) issues.push(...validated.issues.map((i) => rowIssue(row, i.code, `${label}: ${i.message}`, i.path, 'error', { ...i.params, ...extra })));
	if (issues.some((i) => i.severity === 'error') || !validated.ok) return { issues };
	return { candidate: { row, kind: def.kind, geometry: validated.value.geometry!, properties: validated.value.properties, given, key }, issues };
}
