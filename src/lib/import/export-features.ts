/**
 * A layer written out as GeoJSON, CSV (lon/lat and WKT columns beside every field) or KML. Data
 * that came from OpenStreetMap carries its licence notice: "© OpenStreetMap contributors" (ODbL
 * 1.0 requires the attribution to travel with the data). Source attributes (the columns of an
 * imported file that fill no field) go out as columns of their own under their names, so a file
 * comes back with every column it went in with.
 */
import { unparseCsv } from './csv-cells';
import { geojsonToWKT } from '@terraformer/wkt';
import { pointOnFeature } from '@turf/turf';
import type { Geometry, Position } from 'geojson';
import { fieldsOf, type KindDef } from '../domain/kinds';

export const EXPORT_FORMATS = ['geojson', 'csv', 'kml'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const OSM_NOTICE = '© OpenStreetMap contributors, ODbL 1.0 (https://www.openstreetmap.org/copyright)';

export interface ExportFeature {
	id: number;
	version: number;
	geometry: Geometry;
	properties: Record<string, unknown>;
	updatedAt: string;
}

export const isFromOsm = (p: Record<string, unknown>) => typeof p.osmId === 'string' || p.source === 'osm';

export const EXPORT_MEDIA_TYPES: Record<ExportFormat, string> = {
	geojson: 'application/geo+json; charset=utf-8',
	csv: 'text/csv; charset=utf-8',
	kml: 'application/vnd.google-earth.kml+xml; charset=utf-8'
};

export function exportFeatures(def: KindDef, features: readonly ExportFeature[], format: ExportFormat): string {
	if (format === 'csv') return toCsv(def, features);
	if (format === 'kml') return toKml(def, features);
	return toGeoJson(def, features);
}

const FIELD_OF_SOURCE_ATTRIBUTES = 'sourceAttributes';

/** A feature's source attributes as a Map, so that a name like "constructor" is only ever its own. */
const sourceAttributesOf = (f: ExportFeature): Map<string, unknown> => {
	const v = f.properties[FIELD_OF_SOURCE_ATTRIBUTES];
	return new Map(typeof v === 'object' && v !== null && !Array.isArray(v) ? Object.entries(v) : []);
};

/**
 * The source attributes' names across the features, in the order first met, each with the column it
 * is written under: its own name, or `sourceAttributes.<name>` where that name is already a column
 * of the export (a field, id, version…).
 */
function sourceColumns(features: readonly ExportFeature[], taken: readonly string[]): { name: string; column: string }[] {
	const reserved = new Set(taken);
	const names = new Set<string>();
	for (const f of features) for (const name of sourceAttributesOf(f).keys()) names.add(name);
	return [...names].map((name) => ({ name, column: reserved.has(name) ? `${FIELD_OF_SOURCE_ATTRIBUTES}.${name}` : name }));
}

function toGeoJson(def: KindDef, features: readonly ExportFeature[]): string {
	const osm = features.some((f) => isFromOsm(f.properties));
	const fieldKeys = fieldsOf(def).map((f) => f.key);
	const extra = sourceColumns(features, [...fieldKeys, 'version', 'updatedAt']);
	return JSON.stringify({
		type: 'FeatureCollection',
		name: def.collection,
		...(osm ? { attribution: OSM_NOTICE, license: 'ODbL-1.0' } : {}),
		features: features.map((f) => {
			const { [FIELD_OF_SOURCE_ATTRIBUTES]: _kept, ...fields } = f.properties;
			const source = sourceAttributesOf(f);
			const own = Object.fromEntries(extra.filter((c) => source.has(c.name)).map((c) => [c.column, source.get(c.name)]));
			return { type: 'Feature', id: f.id, geometry: f.geometry, properties: { ...fields, version: f.version, updatedAt: f.updatedAt, ...own } };
		})
	});
}

function representativePoint(g: Geometry): Position {
	if (g.type === 'Point') return g.coordinates;
	try {
		return pointOnFeature(g).geometry.coordinates;
	} catch {
		return [NaN, NaN];
	}
}

function cell(value: unknown): string {
	if (value === undefined || value === null) return '';
	if (Array.isArray(value)) return value.join(';');
	return String(value);
}

function toCsv(def: KindDef, features: readonly ExportFeature[]): string {
	const fields = fieldsOf(def)
		.filter((f) => f.key !== FIELD_OF_SOURCE_ATTRIBUTES)
		.map((f) => f.key);
	const osm = features.some((f) => isFromOsm(f.properties));
	const fixed = ['id', 'lon', 'lat', ...fields, 'version', 'updatedAt', 'wkt', ...(osm ? ['attribution'] : [])];
	const extra = sourceColumns(features, fixed);
	const header = [...fixed, ...extra.map((c) => c.column)];
	const rows = features.map((f) => {
		const [lon, lat] = representativePoint(f.geometry);
		const source = sourceAttributesOf(f);
		return [
			String(f.id),
			Number.isFinite(lon) ? lon.toFixed(7) : '',
			Number.isFinite(lat) ? lat.toFixed(7) : '',
			...fields.map((k) => cell(f.properties[k])),
			String(f.version),
			f.updatedAt,
			geojsonToWKT(f.geometry),
			...(osm ? [isFromOsm(f.properties) ? OSM_NOTICE : ''] : []),
			...extra.map((c) => cell(source.get(c.name)))
		];
	});
	// A BOM so spreadsheet programs open the Chinese text as UTF-8.
	return '\uFEFF' + unparseCsv({ fields: header, data: rows }, { newline: '\r\n' });
}

const xml = (s: unknown) =>
	String(s ?? '').replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);

const coords = (ps: Position[]) => ps.map((p) => `${p[0]},${p[1]}`).join(' ');

function kmlGeometry(g: Geometry): string {
	switch (g.type) {
		case 'Point':
			return `<Point><coordinates>${g.coordinates[0]},${g.coordinates[1]}</coordinates></Point>`;
		case 'LineString':
			return `<LineString><coordinates>${coords(g.coordinates)}</coordinates></LineString>`;
		case 'Polygon':
			return `<Polygon>${g.coordinates
				.map((ring, i) => `<${i === 0 ? 'outerBoundaryIs' : 'innerBoundaryIs'}><LinearRing><coordinates>${coords(ring)}</coordinates></LinearRing></${i === 0 ? 'outerBoundaryIs' : 'innerBoundaryIs'}>`)
				.join('')}</Polygon>`;
		case 'MultiPoint':
			return `<MultiGeometry>${g.coordinates.map((c) => kmlGeometry({ type: 'Point', coordinates: c })).join('')}</MultiGeometry>`;
		case 'MultiLineString':
			return `<MultiGeometry>${g.coordinates.map((c) => kmlGeometry({ type: 'LineString', coordinates: c })).join('')}</MultiGeometry>`;
		case 'MultiPolygon':
			return `<MultiGeometry>${g.coordinates.map((c) => kmlGeometry({ type: 'Polygon', coordinates: c })).join('')}</MultiGeometry>`;
		case 'GeometryCollection':
			return `<MultiGeometry>${g.geometries.map(kmlGeometry).join('')}</MultiGeometry>`;
	}
}

function toKml(def: KindDef, features: readonly ExportFeature[]): string {
	const fields = fieldsOf(def).filter((f) => f.key !== FIELD_OF_SOURCE_ATTRIBUTES);
	const osm = features.some((f) => isFromOsm(f.properties));
	const extra = sourceColumns(features, ['id', 'version', ...fields.map((f) => f.key)]);
	const placemarks = features.map((f) => {
		const data = fields
			.filter((field) => f.properties[field.key] !== undefined && field.key !== 'name')
			.map((field) => `<Data name="${xml(field.key)}"><displayName>${xml(field.label.zh)} / ${xml(field.label.en)}</displayName><value>${xml(cell(f.properties[field.key]))}</value></Data>`)
			.join('');
		const source = sourceAttributesOf(f);
		const own = extra
			.filter((c) => source.has(c.name))
			.map((c) => `<Data name="${xml(c.column)}"><value>${xml(cell(source.get(c.name)))}</value></Data>`)
			.join('');
		return `<Placemark id="${def.collection}-${f.id}"><name>${xml(f.properties.name ?? `${def.label.en} ${f.id}`)}</name><ExtendedData><Data name="id"><value>${f.id}</value></Data>${data}<Data name="version"><value>${f.version}</value></Data>${own}</ExtendedData>${kmlGeometry(f.geometry)}</Placemark>`;
	});
	const description = `${def.label.zh} / ${def.label.en}, ${features.length} features, exported from sanimap.${osm ? ' ' + OSM_NOTICE : ''}`;
	return `<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2"><Document><name>${xml(def.label.en)}</name><description>${xml(description)}</description>\n${placemarks.join('\n')}\n</Document></kml>\n`;
}
