/**
 * `migrate`: moves a community between stores (SQLite file ⇄ PostgreSQL, or file to file, server
 * to server) into an empty target, then reads both back and compares each table's rows and
 * checksum. Output fields (`tables`, `rows`, `photos`) are relied on by scripts.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Command } from '../command';
import { CliError } from '../cli-error';
import { stringOption } from '../options';
import { config } from '../../lib/server/config';
import { transferTables } from '../../lib/server/db/transfer/tables';
import { compareTables, copyTables, type TableComparison } from '../../lib/server/db/transfer/copy';
import { describeEndpoint, openEndpoint, parseEndpoint, sameDatabase, type Endpoint } from '../../lib/server/db/transfer/endpoints';
import { TransferError, type TransferStore } from '../../lib/server/db/transfer/store';

export const migrateCommand: Command = {
	name: 'migrate',
	summary: 'Move a community between stores into an empty target, then compare every table on both sides (edits made after it starts are not moved: stop the server first). SQLite → PostgreSQL and back; file → file and server → server work too',
	usage: 'migrate --from var/sanimap.db|sqlite:FILE|postgres://… --to postgres://user@host/db|sqlite:FILE [--batch 1000]',
	options: { valued: ['from', 'to', 'batch'] },
	async run(values) {
		const batch = values.batch === undefined ? 1000 : Number(values.batch);
		if (!Number.isInteger(batch) || batch < 1 || batch > 4000) throw new CliError('--batch must be a whole number of rows from 1 to 4000.');
		const started = Date.now();
		const log = (line: string) => process.stderr.write(`${line}\n`);
		let source: TransferStore | undefined;
		let target: TransferStore | undefined;
		try {
			const from = parseEndpoint(stringOption(values, 'from'));
			const to = parseEndpoint(stringOption(values, 'to'));
			if (sameDatabase(from, to)) throw new CliError(`--from and --to name the same database (${describeEndpoint(from)}).`);
			const tables = transferTables();
			source = await openEndpoint(from, 'source');
			target = await openEndpoint(to, 'target');
			log(`Copying ${tables.length} tables from ${source.label} to ${target.label}…`);
			// The copy and the comparison read one moment of the source, whatever a server writes meanwhile.
			await source.snapshot();
			const { rows } = await copyTables(source, target, tables, { batch, progress: log });
			log('Reading both sides back…');
			const compared = await compareTables(source, target, tables, { batch, progress: log });
			await source.endSnapshot();
			log(figures(compared));
			const differ = compared.filter((t) => !t.same);
			if (differ.length > 0) {
				throw new CliError(
					`The copy in ${target.label} differs from ${source.label} in ${differ.map((t) => `${t.table} (${t.source.rows} rows there, ${t.target.rows} here)`).join(', ')}. Do not use it: drop it and move again.`
				);
			}
			const photos = photoNote(from, to, compared.find((t) => t.table === 'photos')?.source.rows ?? 0);
			log(photos.note);
			return {
				from: source.label,
				to: target.label,
				rows,
				tables: compared.map((t) => ({ table: t.table, sourceRows: t.source.rows, targetRows: t.target.rows, sourceChecksum: t.source.checksum, targetChecksum: t.target.checksum, same: t.same })),
				photos,
				durationMs: Date.now() - started
			};
		} catch (e) {
			if (e instanceof TransferError) throw new CliError(e.message);
			throw e;
		} finally {
			await source?.endSnapshot();
			await source?.close();
			await target?.close();
		}
	}
};

/** The per-table figures, for a person reading the terminal. */
function figures(compared: TableComparison[]): string {
	const width = Math.max(...compared.map((t) => t.table.length), 5);
	const lines = [`${'table'.padEnd(width)}  ${'source'.padStart(9)}  ${'target'.padStart(9)}  checksum`];
	for (const t of compared) {
		lines.push(`${t.table.padEnd(width)}  ${String(t.source.rows).padStart(9)}  ${String(t.target.rows).padStart(9)}  ${t.same ? `${t.source.checksum.slice(0, 16)} same` : `${t.source.checksum.slice(0, 16)} ≠ ${t.target.checksum.slice(0, 16)}`}`);
	}
	return lines.join('\n');
}

/**
 * Photos are files, not rows: the app finds them in SANIMAP_PHOTO_DIR, or in `photos/` beside the
 * SQLite file. They are not copied; the note says from where to where.
 */
function photoNote(from: Endpoint, to: Endpoint, rows: number) {
	const configured = process.env.SANIMAP_PHOTO_DIR ? resolve(process.env.SANIMAP_PHOTO_DIR) : null;
	const folder = configured ?? (from.store === 'sqlite' ? join(dirname(from.path), 'photos') : config.photoDir);
	const copyTo = to.store === 'sqlite' && !configured ? join(dirname(to.path), 'photos') : 'the photo folder of the server that will use the target (its SANIMAP_PHOTO_DIR)';
	return {
		rows,
		folder,
		exists: existsSync(folder),
		copyTo,
		note: `Photos are files, not rows: the ${rows} ${rows === 1 ? 'photo' : 'photos'} recorded ${rows === 1 ? 'is' : 'are'} in ${folder}${existsSync(folder) ? '' : ' (no such folder here)'}. Copy that folder to ${copyTo}.`
	};
}
