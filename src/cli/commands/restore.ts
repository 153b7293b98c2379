/**
 * `restore`: checks a backup (integrity, foreign keys, sanimap's history invariants) and, with
 * `--db`, puts it in place as that database. Without `--db` it only checks and reports.
 * A PostgreSQL dump (pg_dump's custom format) is restored by pg_restore: the command checks that
 * pg_restore reads it and prints the line to run, rather than replacing a server's database itself.
 * Output fields (`ok`, `check`, `target`, `previous`; `store`, `restore` and `contents` for a dump) are relied on by scripts.
 */
import { resolve } from 'node:path';
import type { Command } from '../command';
import { CliError } from '../cli-error';
import { stringOption } from '../options';
import { BackupError, checkDatabase, restoreDatabase } from '../../lib/server/db/backup';
import { DumpError, isPostgresDump, listDump, restoreCommand as pgRestoreCommand } from '../../lib/server/db/postgres/dump';
import { maskUrlPassword } from '../../lib/server/settings/database-url.js';

export const restoreCommand: Command = {
	name: 'restore',
	summary: 'Check a backup, and with --db put it in place (stop the server first; --force keeps the old file beside it); for a pg_dump file, prints the pg_restore line',
	usage: 'restore --from backups/sanimap-2024-05-01.db [--db var/sanimap.db [--force]]',
	options: { valued: ['from', 'db'], flags: ['force'] },
	async run(values) {
		const from = resolve(stringOption(values, 'from'));
		const db = typeof values.db === 'string' ? values.db : undefined;
		const intoPostgres = db !== undefined && /^postgres(ql)?:/i.test(db);
		const dump = isPostgresDump(from);
		if (intoPostgres && !dump) throw new CliError(`${from} is not a pg_dump file. To fill a PostgreSQL database from a SQLite backup, move it: migrate --from ${from} --to ${maskUrlPassword(db)}`);
		if (dump && db !== undefined && !intoPostgres) throw new CliError(`${from} is a PostgreSQL dump: restore it into a PostgreSQL database with pg_restore, then, for a SQLite file, migrate --from postgres://… --to ${db}`);
		if (dump) {
			let contents;
			try {
				contents = listDump(from);
			} catch (e) {
				if (e instanceof DumpError) throw new CliError(e.message);
				throw e;
			}
			const restore = pgRestoreCommand(intoPostgres ? maskUrlPassword(db) : 'postgres://USER@HOST/DATABASE', from);
			process.stderr.write(`A PostgreSQL backup is restored with pg_restore, the app stopped, into an empty database or over its own (--clean):\n  ${restore}\n`);
			// contents is null where pg_restore is not installed: the dump could not be read here.
			return { ok: true, store: 'postgres', restored: false, restore, contents, target: null, previous: null };
		}
		try {
			if (db === undefined) {
				const check = checkDatabase(from);
				if (!check.ok) throw new CliError(`${from} is not a sound backup: ${check.issues.map((i) => i.message).join(' ')}`);
				return { ok: true, check, target: null, previous: null };
			}
			const target = resolve(stringOption(values, 'db'));
			if (target === from) throw new CliError('--db must be another file than --from.');
			const restored = await restoreDatabase(from, target, { force: values.force === true });
			return { ok: restored.check.ok, ...restored };
		} catch (e) {
			if (e instanceof BackupError) throw new CliError(e.message);
			throw e;
		}
	}
};
