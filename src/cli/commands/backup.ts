/**
 * `backup`: a consistent copy of a database while the server keeps running and writing. A SQLite
 * file is copied with SQLite's backup API and checked; a PostgreSQL database (`--db postgres://…`,
 * or DATABASE_URL when --db is not given) is dumped with pg_dump in its custom format.
 * Output fields (`out`, `bytes`, `pages`, `durationMs`, `check`; `store` and `restore` for
 * PostgreSQL) are relied on by scripts.
 */
import { resolve } from 'node:path';
import type { Command } from '../command';
import { CliError } from '../cli-error';
import { stringOption } from '../options';
import { backupDatabase, BackupError } from '../../lib/server/db/backup';
import { dumpPostgres, DumpError } from '../../lib/server/db/postgres/dump';
import { parseEndpoint } from '../../lib/server/db/transfer/endpoints';
import { maskUrlPassword } from '../../lib/server/settings/database-url.js';
import { TransferError } from '../../lib/server/db/transfer/store';
import { appRoot } from '../../lib/server/app-root';

export const backupCommand: Command = {
	name: 'backup',
	summary: 'Copy a database consistently while the server runs (SQLite backup API, then a check of the copy; pg_dump for PostgreSQL)',
	usage: 'backup --db var/sanimap.db|postgres://… --out backups/sanimap-2024-05-01.db (--db defaults to DATABASE_URL)',
	options: { valued: ['db', 'out'] },
	async run(values) {
		const option = typeof values.db === 'string' && values.db !== '' ? values.db : undefined;
		const given = option ?? process.env.DATABASE_URL;
		if (!given) throw new CliError('--db is required (or set DATABASE_URL).');
		const out = resolve(stringOption(values, 'out'));
		try {
			// A path in DATABASE_URL is the server's, relative to the app's folder; --db is relative to here.
			const source = parseEndpoint(given, option === undefined ? appRoot : process.cwd());
			if (source.store === 'postgres') return await dumpPostgres(source.url, out, { mask: maskUrlPassword });
			if (source.path === out) throw new CliError('--out must be another file than --db.');
			return await backupDatabase(source.path, out);
		} catch (e) {
			if (e instanceof BackupError || e instanceof DumpError || e instanceof TransferError) throw new CliError(e.message);
			throw e;
		}
	}
};
