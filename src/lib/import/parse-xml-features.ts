/**
 * KML and GPX, through @tmcw/togeojson on an XML document parsed with DTDs refused. GPX tracks and
 * routes become lines (road segments by default), waypoints points.
 */
import { gpx, kml } from '@tmcw/togeojson';
import type { FeatureCollection } from 'geojson';
import { parseXmlDocument } from './xml-document';
import { flattenAttributes } from './flatten-attributes';
import { isPlainObject, problem, type ImportLimits, type ParseOutcome, type SourceRow } from './types';

const KML_DROP = new Set(['styleUrl', 'styleHash', 'styleMapHash', 'stroke', 'stroke-opacity', 'stroke-width', 'fill', 'fill-opacity', 'icon', 'visibility']);
const GPX_DROP = new Set(['_gpxType', 'coordinateProperties']);

export function parseKml(text: string, limits: Pick<ImportLimits, 'maxFeatures'>): ParseOutcome {
	return parseWith('kml', text, limits);
}

export function parseGpx(text: string, limits: Pick<ImportLimits, 'maxFeatures'>): ParseOutcome {
	return parseWith('gpx', text, limits);
}

function parseWith(format: 'kml' | 'gpx', text: string, limits: Pick<ImportLimits, 'maxFeatures'>): ParseOutcome {
	const xml = parseXmlDocument(text, format.toUpperCase());
	if (!xml.ok) return { ok: false, problem: xml.problem };
	const root = xml.document.documentElement.nodeName.toLowerCase();
	if (root !== format) return problem(format === 'kml' ? 'import.kml.not-kml' : 'import.gpx.not-gpx', `The file is XML but not ${format.toUpperCase()} (its root element is <${root}>).`, undefined, undefined, { root: root.slice(0, 40) });
	let fc: FeatureCollection;
	try {
		fc = (format === 'kml' ? kml(xml.document) : gpx(xml.document)) as FeatureCollection;
	} catch (e) {
		return problem(format === 'kml' ? 'import.kml.malformed' : 'import.gpx.malformed', `The ${format.toUpperCase()} file could not be read: ${(e as Error).message}.`, undefined, undefined, { detail: (e as Error).message.slice(0, 300) });
	}
	if (fc.features.length > limits.maxFeatures) {
		return problem('import.too-many-features', `The file has ${fc.features.length} features, more than the limit of ${limits.maxFeatures} (SANIMAP_MAX_IMPORT_FEATURES).`, { count: fc.features.length, limit: limits.maxFeatures }, 'too-large', { count: fc.features.length, limit: limits.maxFeatures });
	}
	const drop = format === 'kml' ? KML_DROP : GPX_DROP;
	const columns = new Set<string>();
	const rows: SourceRow[] = fc.features.map((f, i) => {
		const props = isPlainObject(f.properties) ? f.properties : {};
		const attributes = flattenAttributes(Object.fromEntries(Object.entries(props).filter(([k]) => !drop.has(k))));
		for (const k of Object.keys(attributes)) columns.add(k);
		return { row: i + 1, geometry: f.geometry, attributes };
	});
	return { ok: true, file: { format, rows, columns: [...columns], issues: [], notes: {} } };
}
