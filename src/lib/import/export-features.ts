/**
 * A layer written out as GeoJSON, CSV (lon/lat and WKT columns beside every field) or KML. Data
 * that came from OpenStreetMap carries its licence notice: "© OpenStreetMap contributors" (ODbL
 * 1.0 requires the attribution to travel with the data).
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

function toGeoJson(def: KindDef, features: readonly ExportFeature[]): string {
	const osm = features.some((f) => isFromOsm(f.properties));
	return JSON.stringify({
		type: 'FeatureCollection',
		name: def.collection,
		...(osm ? { attribution: OSM_NOTICE, license: 'ODbL-1.0' } : {}),
		features: features.map((f) => ({ type: 'Feature', id: f.id, geometry: f.geometry, properties: { ...f.properties, version: f.version, updatedAt: f.updatedAt } }))
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
	const fields = fieldsOf(def).map((f) => f.key);
	const osm = features.some((f) => isFromOsm(f.properties));
	const header = ['id', 'lon', 'lat', ...fields, 'version', 'updatedAt', 'wkt', ...(osm ? ['attribution'] : [])];
	const rows = features.map((f) => {
		const [lon, lat] = representativePoint(f.geometry);
		return [
			String(f.id),
			Number.isFinite(lon) ? lon.toFixed(7) : '',
			Number.isFinite(lat) ? lat.toFixed(7) : '',
			...fields.map((k) => cell(f.properties[k])),
			String(f.version),
			f.updatedAt,
			geojsonToWKT(f.geometry),
			...(osm ? [isFromOsm(f.properties) ? OSM_NOTICE : ''] : [])
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
	const fields = fieldsOf(def);
	const osm = features.some((f) => isFromOsm(f.properties));
	const placemarks = features.map((f) => {
		const data = fields
			.filter((field) => f.properties[field.key] !== undefined && field.key !== 'name')
			.map((field) => `<Data name="${xml(field.key)}"><displayName>${xml(field.label.zh)} / ${xml(field.label.en)}</displayName><value>${xml(cell(f.properties[field.key]))}</value></Data>`)
			.join('');
		return `<Placemark id="${def.collection}-${f.id}"><name>${xml(f.properties.name ?? `${def.label.en} ${f.id}`)}</name><ExtendedData><Data name="id"><value>${f.id}</value></Data>${data}<Data name="version"><value>${f.version}</value></Data></ExtendedData>${kmlGeometry(f.geometry)}</Placemark>`;
	});
	const description = `${def.label.zh} / ${def.label.en}, ${features.length} features, exported from sanimap.${osm ? ' ' + OSM_NOTICE : ''}`;
	return `<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2"><Document><name>${xml(def.label.en)}</name><description>${xml(description)}</description>\n${placemarks.join('\n')}\n</Document></kml>\n`;
}
