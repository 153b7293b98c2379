/**
 * `import`: a file into one layer, or an OpenStreetMap extract into every layer, through the same
 * import runner and worker as the web app, as one changeset. The database file is created and
 * migrated when missing (without demo data). Rows with problems are left out and listed
 * (`--strict` refuses the whole file instead); columns left unmapped because their values do not
 * fit the field their header names are listed in `columnNotes`. Output field names are relied on by scripts.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from '../command';
import { CliError } from '../cli-error';
import { stringOption } from '../options';
import { openDatabase } from '../../lib/server/db';
import { config } from '../../lib/server/config';
import { ServiceError } from '../../lib/server/services/service-error';
import { ImportRunner } from '../../lib/server/services/imports/import-runner';
import { OSM_FORMATS } from '../../lib/import/types';

function readInput(path: string): Uint8Array {
	if (!existsSync(path)) throw new CliError(`Cannot read ${path}: no such file.`);
	const bytes = readFileSync(path);
	if (bytes.byteLength > config.maxUploadBytes) throw new CliError(`${path} is larger than the limit of ${config.maxUploadBytes} bytes (SANIMAP_MAX_UPLOAD_BYTES).`);
	return new Uint8Array(bytes);
}

export const importCommand: Command = {
	name: 'import',
	summary: 'Import a GeoJSON, CSV, KML, GPX or zipped Shapefile into a layer, or an OSM extract into all layers',
	usage: 'import --db FILE (--kind <collection id> --file F [--crs wgs84|gcj02|bd09] [--key COLUMN] [--mapping JSON] | --osm extract.osm|.osm.pbf|.json) [--strict] [--author NAME]',
	options: { valued: ['db', 'kind', 'file', 'osm', 'crs', 'key', 'mapping', 'author'], flags: ['strict'] },
	async run(values) {
		const dbPath = stringOption(values, 'db');
		const osmPath = typeof values.osm === 'string' ? values.osm : undefined;
		const filePath = typeof values.file === 'string' ? values.file : undefined;
		if (!osmPath === !filePath) throw new CliError('Give either --file (with --kind) or --osm.');
		if (filePath && typeof values.kind !== 'string') throw new CliError('--kind is required with --file (a collection id such as bins or road-segments).');
		let mapping: unknown;
		if (typeof values.mapping === 'string') {
			try {
				mapping = JSON.parse(values.mapping);
			} catch {
				throw new CliError('--mapping must be JSON: {"column": "field", …}.');
			}
		}
		const path = (osmPath ?? filePath)!;
		const bytes = readInput(path);
		// Created and migrated here; the import worker opens the same file.
		const db = openDatabase(dbPath);
		const runner = new ImportRunner({
			target: { store: 'sqlite', path: dbPath },
			limits: { maxVertices: config.maxVertices, maxFeatures: config.maxImportFeatures, maxUnzippedBytes: config.maxUnzippedBytes },
			maxWorkers: 1
		});
		try {
			const owner = 'cli';
			const session = await runner.upload(bytes, basename(path), owner);
			const { file } = session;
			if (osmPath && !OSM_FORMATS.includes(file.format)) throw new CliError(`${path} is not an OpenStreetMap extract (.osm, .osm.pbf or Overpass JSON); it reads as ${file.format}.`);
			if (filePath && OSM_FORMATS.includes(file.format)) throw new CliError(`${path} is an OpenStreetMap extract; import it with --osm.`);
			const choices = { collection: values.kind as string | undefined, crs: values.crs as string | undefined, keyColumn: (values.key as string | undefined) ?? null, mapping };
			const result = await runner.commit(session, choices, { filename: basename(path), skipInvalid: values.strict !== true, author: (values.author as string | undefined) ?? process.env.USER ?? 'cli' });
			if (osmPath) {
				const per = (k: 'created' | 'updated' | 'unchanged' | 'rejected') => Object.fromEntries(Object.entries(result.layers).map(([c, l]) => [c, l[k]]));
				return { created: per('created'), updated: per('updated'), unchanged: per('unchanged'), rejected: per('rejected'), changesetId: result.changesetId, issues: result.issues };
			}
			return { created: result.created, updated: result.updated, unchanged: result.unchanged, rejected: result.rejected, changesetId: result.changesetId, issues: result.issues, columnNotes: result.columnNotes };
		} catch (e) {
			if (e instanceof ServiceError) throw new CliError(`${e.message} (${e.code})`);
			throw e;
		} finally {
			await runner.close();
			db.$client.close();
		}
	}
};
