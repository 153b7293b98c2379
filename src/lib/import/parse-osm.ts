/**
 * OpenStreetMap extracts: `.osm` XML (DTDs refused), `.osm.pbf` (tiny-osmpbf) and Overpass JSON,
 * each turned into GeoJSON by osmtogeojson (which assembles ways and multipolygon relations). A row
 * keeps the element's id ("way/123") and tags; osm-tags.ts decides what it becomes.
 */
import osmtogeojson from 'osmtogeojson';
import tinyosmpbf from 'tiny-osmpbf';
import type { FeatureCollection } from 'geojson';
import { parseXmlDocument } from './xml-document';
import { isPlainObject, problem, type ImportFormat, type ImportLimits, type ParseOutcome, type SourceRow } from './types';

/** Tags that say nothing about what an element is (osmtogeojson's own list). */
const UNINTERESTING_KEYS = new Set(['source', 'source_ref', 'source:ref', 'history', 'attribution', 'created_by', 'tiger:county', 'tiger:tlid', 'tiger:upload_uuid']);

/**
 * osmtogeojson asks this whether an element's tags make it a feature of its own. Its default also
 * treats a multipolygon's outer way as nothing of its own when its tags repeat the relation's (the
 * old tagging of a multipolygon on its outline), so an exclave's closed way tagged
 * boundary=administrative + admin_level=8 inside a municipality's relation was dropped. A closed way
 * with tags of its own is a feature whether or not a relation uses it: only the `type: true` that
 * osmtogeojson passes for a relation's own tags (a relation tagged with nothing but its type takes
 * its single outer way's tags) is honoured, never the relation's tag values.
 */
function hasOnlyUninterestingTags(tags: Record<string, string> | undefined, ignore: Record<string, unknown>): boolean {
	return Object.keys(tags ?? {}).every((k) => UNINTERESTING_KEYS.has(k) || ignore[k] === true);
}

export function parseOsm(format: ImportFormat, input: Uint8Array | string, limits: Pick<ImportLimits, 'maxFeatures'>): ParseOutcome {
	let source: unknown;
	if (format === 'osm-xml') {
		const xml = parseXmlDocument(typeof input === 'string' ? input : new TextDecoder().decode(input), 'OSM');
		if (!xml.ok) return { ok: false, problem: xml.problem };
		if (xml.document.documentElement.nodeName !== 'osm') return problem('import.osm.not-osm', `The file is XML but not OpenStreetMap data (its root element is <${xml.document.documentElement.nodeName}>).`, undefined, undefined, { reason: 'xml', root: xml.document.documentElement.nodeName.slice(0, 40) });
		source = xml.document;
	} else if (format === 'osm-pbf') {
		try {
			source = tinyosmpbf(typeof input === 'string' ? new TextEncoder().encode(input) : input);
		} catch (e) {
			return problem('import.osm.pbf-malformed', `The .osm.pbf file could not be read: ${(e as Error).message}.`, undefined, undefined, { detail: (e as Error).message.slice(0, 300) });
		}
	} else {
		try {
			source = JSON.parse(typeof input === 'string' ? input : new TextDecoder().decode(input));
		} catch (e) {
			return problem('import.json.malformed', `The file is not valid JSON: ${(e as Error).message}.`, undefined, undefined, { detail: (e as Error).message.slice(0, 300) });
		}
		if (!isPlainObject(source) || !Array.isArray(source.elements)) return problem('import.osm.not-osm', 'The JSON is not an Overpass / OSM JSON extract (it has no "elements" array).', undefined, undefined, { reason: 'json', root: '' });
	}
	let fc: FeatureCollection;
	try {
		fc = osmtogeojson(source, { flatProperties: false, uninterestingTags: hasOnlyUninterestingTags });
	} catch (e) {
		return problem('import.osm.malformed', `The OpenStreetMap data could not be assembled: ${(e as Error).message}.`, undefined, undefined, { detail: (e as Error).message.slice(0, 300) });
	}
	if (fc.features.length > limits.maxFeatures) {
		return problem('import.too-many-features', `The extract has ${fc.features.length} features, more than the limit of ${limits.maxFeatures} (SANIMAP_MAX_IMPORT_FEATURES).`, { count: fc.features.length, limit: limits.maxFeatures }, 'too-large', { count: fc.features.length, limit: limits.maxFeatures });
	}
	const rows: SourceRow[] = [];
	const produced = new Set<string>();
	fc.features.forEach((f, i) => {
		const props = (f.properties ?? {}) as { tags?: Record<string, string>; tainted?: boolean };
		const tags = props.tags ?? {};
		produced.add(String(f.id));
		if (Object.keys(tags).length === 0) return;
		rows.push({ row: i + 1, geometry: f.geometry, attributes: {}, osmId: String(f.id), tags, incomplete: props.tainted === true });
	});
	// Tagged elements osmtogeojson could not build (a way whose nodes, or a relation whose members,
	// lie outside the extract) still count: they become rows without geometry, reported, not lost.
	for (const element of taggedElements(source)) {
		if (produced.has(element.osmId)) continue;
		rows.push({ row: rows.length + 1, geometry: null, attributes: {}, osmId: element.osmId, tags: element.tags, incomplete: true });
	}
	return { ok: true, file: { format, rows, columns: [], issues: [], notes: { elements: fc.features.length } } };
}

function* taggedElements(source: unknown): Generator<{ osmId: string; tags: Record<string, string> }> {
	if (isPlainObject(source) && Array.isArray(source.elements)) {
		for (const e of source.elements as { type?: unknown; id?: unknown; tags?: Record<string, string> }[]) {
			if (e && e.tags && Object.keys(e.tags).length > 0) yield { osmId: `${String(e.type)}/${String(e.id)}`, tags: e.tags };
		}
		return;
	}
	const root = (source as Document).documentElement;
	for (let child = root.firstChild; child; child = child.nextSibling) {
		const name = child.nodeName;
		if (name !== 'node' && name !== 'way' && name !== 'relation') continue;
		const el = child as Element;
		const tags: Record<string, string> = {};
		const tagEls = el.getElementsByTagName('tag');
		for (let i = 0; i < tagEls.length; i++) tags[tagEls[i].getAttribute('k') ?? ''] = tagEls[i].getAttribute('v') ?? '';
		if (Object.keys(tags).length > 0) yield { osmId: `${name}/${el.getAttribute('id')}`, tags };
	}
}
