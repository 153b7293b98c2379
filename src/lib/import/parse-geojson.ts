/** GeoJSON (RFC 7946): a FeatureCollection, a Feature or a bare geometry. */
import { isPlainObject, problem, rowIssue, type ImportIssue, type ImportLimits, type ParseOutcome, type SourceRow } from './types';
import { flattenAttributes } from './flatten-attributes';

export function parseGeoJson(text: string, limits: Pick<ImportLimits, 'maxFeatures'>): ParseOutcome {
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch (e) {
		return problem('import.json.malformed', `The file is not valid JSON: ${(e as Error).message}. (NaN and Infinity are not allowed in JSON.)`, undefined, undefined, { detail: (e as Error).message.slice(0, 300) });
	}
	if (!isPlainObject(json)) return problem('import.geojson.not-geojson', 'The file is JSON but not GeoJSON: expected a FeatureCollection, a Feature or a geometry object.', undefined, undefined, { reason: 'object', found: '' });
	let features: unknown[];
	if (json.type === 'FeatureCollection') {
		if (!Array.isArray(json.features)) return problem('import.geojson.not-geojson', 'The FeatureCollection has no "features" array.', undefined, undefined, { reason: 'features', found: '' });
		features = json.features;
	} else if (json.type === 'Feature') features = [json];
	else if (typeof json.type === 'string' && ('coordinates' in json || 'geometries' in json)) features = [{ type: 'Feature', geometry: json, properties: {} }];
	else return problem('import.geojson.not-geojson', `The file is JSON but not GeoJSON (its "type" is ${JSON.stringify(String(json.type ?? 'missing'))}).`, undefined, undefined, { reason: 'type', found: String(json.type ?? '').slice(0, 40) });
	if (features.length > limits.maxFeatures) {
		return problem('import.too-many-features', `The file has ${features.length} features, more than the limit of ${limits.maxFeatures} (SANIMAP_MAX_IMPORT_FEATURES). Split it into smaller files.`, { count: features.length, limit: limits.maxFeatures }, 'too-large', { count: features.length, limit: limits.maxFeatures });
	}

	const rows: SourceRow[] = [];
	const issues: ImportIssue[] = [];
	const columns = new Set<string>();
	features.forEach((f, i) => {
		const row = i + 1;
		if (!isPlainObject(f) || f.type !== 'Feature') {
			issues.push(rowIssue(row, 'feature.not-feature', `Feature ${row} is not a GeoJSON Feature object.`, `features.${i}`));
			return;
		}
		const props = isPlainObject(f.properties) ? f.properties : {};
		const attributes = flattenAttributes(props);
		for (const k of Object.keys(attributes)) columns.add(k);
		rows.push({ row, geometry: f.geometry, attributes });
	});
	return { ok: true, file: { format: 'geojson', rows, columns: [...columns], issues, notes: {} } };
}
