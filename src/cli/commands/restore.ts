/**
 * `restore`: checks a backup (integrity, foreign keys, sanimap's history invariants) and, with
 * `--db`, puts it in place as that database. Without `--db` it only checks and reports.
 * Output fields (`ok`, `check`, `target`, `previous`) are relied on by scripts.
 */
import { resolve } from 'node:path';
import type { Command } from '../command';
import { CliError } from '../cli-error';
import { stringOption } from '../io';
import { BackupError, checkDatabase, restoreDatabase } from '../../lib/server/db/backup';

export const restoreCommand: Command = {
	name: 'restore',
	summary: 'Check a backup, and with --db put it in place (stop the server first; --force keeps the old file beside it)',
	usage: 'restore --from backups/sanimap-2024-05-01.db [--db var/sanimap.db [--force]]',
	options: { from: { type: 'string' }, db: { type: 'string' }, force: { type: 'boolean' } },
	async run(values) {
		const from = resolve(stringOption(values, 'from'));
		try {
			if (values.db === undefined) {
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
