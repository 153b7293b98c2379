/**
 * `backup`: a consistent copy of a database file while the server keeps running and writing.
 * Output fields (`out`, `bytes`, `pages`, `durationMs`, `check`) are relied on by scripts.
 */
import { resolve } from 'node:path';
import type { Command } from '../command';
import { CliError } from '../cli-error';
import { stringOption } from '../io';
import { backupDatabase, BackupError } from '../../lib/server/db/backup';

export const backupCommand: Command = {
	name: 'backup',
	summary: 'Copy a database consistently while the server runs (SQLite backup API), then check the copy',
	usage: 'backup --db var/sanimap.db --out backups/sanimap-2024-05-01.db',
	options: { db: { type: 'string' }, out: { type: 'string' } },
	async run(values) {
		const db = resolve(stringOption(values, 'db'));
		const out = resolve(stringOption(values, 'out'));
		if (db === out) throw new CliError('--out must be another file than --db.');
		try {
			return await backupDatabase(db, out);
		} catch (e) {
			if (e instanceof BackupError) throw new CliError(e.message);
			throw e;
		}
	}
};
