/**
 * A zipped Shapefile: .shp with its .dbf (attributes), .prj (projection: coordinates are
 * reprojected to WGS84 with proj4 through shpjs) and .cpg (attribute encoding). The zip is
 * checked (entry names, unpacked size) before anything is inflated, and the .shp and .dbf headers
 * against the files' real sizes and the feature limit before shpjs reads them (shapefile-headers.ts).
 */
import getShapefile from 'shpjs';
import type { FeatureCollection } from 'geojson';
import { safeUnzip } from './safe-unzip';
import { checkDbf, checkShp } from './shapefile-headers';
import { flattenAttributes } from './flatten-attributes';
import { isPlainObject, problem, rowIssue, type ImportLimits, type ParseOutcome, type SourceRow } from './types';

const PART = /\.(shp|dbf|prj|cpg)$/i;

export async function parseShapefileZip(bytes: Uint8Array, limits: ImportLimits): Promise<ParseOutcome> {
	const unzipped = safeUnzip(bytes, limits, (name) => PART.test(name) && !name.includes('__MACOSX'));
	if (!unzipped.ok) return { ok: false, problem: unzipped.problem };
	const files = unzipped.files;
	const bases = [...files.keys()].filter((n) => /\.shp$/i.test(n)).map((n) => n.slice(0, -4));
	if (bases.length === 0) return problem('import.shapefile.no-shp', 'The zip has no .shp file. Zip the .shp together with its .dbf, .shx and .prj.');
	const part = (base: string, ext: string) => {
		for (const [name, data] of files) if (name.slice(0, -4) === base && name.slice(-3).toLowerCase() === ext) return data;
		return undefined;
	};
	const text = (data: Uint8Array | undefined) => (data ? new TextDecoder().decode(data) : undefined);

	const rows: SourceRow[] = [];
	const columns = new Set<string>();
	const projections: Record<string, string> = {};
	for (const base of bases.sort()) {
		const prj = text(part(base, 'prj'));
		if (prj) projections[base] = prj.slice(0, 200);
		const shp = part(base, 'shp')!;
		const dbf = part(base, 'dbf');
		for (const [ext, check] of [['shp', checkShp(shp)], ['dbf', dbf ? checkDbf(dbf) : null]] as const) {
			if (!check) continue;
			if (!check.ok) return problem('import.shapefile.malformed', `The file ${base}.${ext} is damaged or not a Shapefile part: ${check.problem}.`, { file: `${base}.${ext}` }, undefined, { file: `${base}.${ext}`, detail: check.problem });
			if (rows.length + check.records > limits.maxFeatures) {
				return problem('import.too-many-features', `The file ${base}.${ext} holds ${check.records} records, more than ${limits.maxFeatures} features (SANIMAP_MAX_IMPORT_FEATURES).`, { file: `${base}.${ext}`, limit: limits.maxFeatures }, 'too-large', { count: check.records, limit: limits.maxFeatures });
			}
		}
		let fc: FeatureCollection;
		try {
			fc = (await getShapefile({ shp, dbf, prj, cpg: text(part(base, 'cpg')) })) as FeatureCollection;
		} catch (e) {
			return problem('import.shapefile.malformed', `The shapefile ${base}.shp could not be read: ${(e as Error).message}.`, undefined, undefined, { file: `${base}.shp`, detail: (e as Error).message.slice(0, 300) });
		}
		if (rows.length + fc.features.length > limits.maxFeatures) {
			return problem('import.too-many-features', `The shapefile has more than ${limits.maxFeatures} features (SANIMAP_MAX_IMPORT_FEATURES).`, { limit: limits.maxFeatures }, 'too-large', { limit: limits.maxFeatures });
		}
		for (const f of fc.features) {
			const attributes = flattenAttributes(isPlainObject(f.properties) ? f.properties : {});
			if (bases.length > 1) attributes.layer = base;
			for (const k of Object.keys(attributes)) columns.add(k);
			rows.push({ row: rows.length + 1, geometry: f.geometry, attributes });
		}
	}
	const issues = bases
		.filter((b) => !projections[b])
		.map((b) => rowIssue(null, 'shapefile.no-prj', `${b}.shp has no .prj file; its coordinates are taken as WGS84 longitude/latitude.`, `${b}.prj`, 'warning', { file: `${b}.shp` }));
	return { ok: true, file: { format: 'shapefile', rows, columns: [...columns], issues, notes: { projections } } };
}
