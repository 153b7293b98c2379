/**
 * `export`: one layer of a database as GeoJSON, CSV (lon/lat and WKT) or KML, the same files the
 * web app's export links give. OSM-derived data carries "© OpenStreetMap contributors".
 */
import { existsSync, writeFileSync } from 'node:fs';
import type { Command } from '../command';
import { CliError } from '../cli-error';
import { stringOption } from '../options';
import { openDatabase } from '../../lib/server/db';
import { FeatureRepository } from '../../lib/server/repositories/features';
import { kindByCollection, KINDS } from '../../lib/domain/kinds';
import { EXPORT_FORMATS, exportFeatures, type ExportFormat } from '../../lib/import/export-features';

export const exportCommand: Command = {
	name: 'export',
	summary: 'Write one layer of a database as GeoJSON, CSV or KML',
	usage: 'export --db FILE --kind <collection id> --format geojson|csv|kml --out F',
	options: { valued: ['db', 'kind', 'format', 'out'] },
	async run(values) {
		if (typeof values.db !== 'string' || !existsSync(values.db)) throw new CliError(`--db must name an existing database file${typeof values.db === 'string' ? ` (${values.db} does not exist)` : ''}.`);
		const def = kindByCollection(String(values.kind ?? ''));
		if (!def) throw new CliError(`--kind must be one of ${KINDS.map((d) => d.collection).join(', ')}.`);
		const format = String(values.format ?? 'geojson') as ExportFormat;
		if (!EXPORT_FORMATS.includes(format)) throw new CliError(`--format must be one of ${EXPORT_FORMATS.join(', ')}.`);
		const out = stringOption(values, 'out');
		const db = openDatabase(values.db);
		try {
			const features = await new FeatureRepository(db).all(def.kind);
			try {
				writeFileSync(out, exportFeatures(def, features, format));
			} catch (e) {
				throw new CliError(`Cannot write ${out}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
			}
			return { collection: def.collection, format, count: features.length, out };
		} finally {
			db.$client.close();
		}
	}
};
