/**
 * Online backup and checked restore of a sanimap database.
 *
 * The backup uses SQLite's backup API (better-sqlite3's `db.backup()`), copying every page in one
 * step: in WAL mode that step reads one consistent snapshot while the server keeps writing, and a
 * copy made in small steps would restart each time the server commits. The copy is written beside
 * the target, checked, switched to a single self-contained file (journal_mode=DELETE) and only
 * then renamed into place, so `--out` is either the previous file or a complete, checked backup.
 */
import Database from 'better-sqlite3';
import { closeSync, existsSync, fsyncSync, openSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface DatabaseCheck {
	ok: boolean;
	/** Problems that make the file unfit to serve from; empty when `ok`. */
	issues: { code: string; message: string }[];
	/** Oddities worth knowing that do not lose data. */
	warnings: { code: string; message: string }[];
	counts: { features: number; liveFeatures: number; changesets: number; featureVersions: number; users: number };
	migrations: number;
}

export interface BackupResult {
	out: string;
	bytes: number;
	pages: number;
	durationMs: number;
	check: DatabaseCheck;
}

const REQUIRED_TABLES = ['features', 'changesets', 'feature_versions', 'users', 'sessions', 'settings', 'photos', '__drizzle_migrations'];

/** Makes a consistent copy of the database at `source` in `out` while other processes may write to it. */
export async function backupDatabase(source: string, out: string): Promise<BackupResult> {
	if (!existsSync(source)) throw new BackupError(`There is no database at ${source}.`);
	if (!existsSync(dirname(out))) throw new BackupError(`The folder ${dirname(out)} does not exist.`);
	const started = Date.now();
	const partial = join(dirname(out), `.${basenameOf(out)}.partial-${process.pid}`);
	removeDatabaseFiles(partial);
	const db = new Database(source, { fileMustExist: true });
	// A server holding the write lock briefly must not fail the backup.
	db.pragma('busy_timeout = 10000');
	let pages = 0;
	try {
		const progress = await db.backup(partial, {
			// All remaining pages in one step: one snapshot, no restarts while the server writes.
			progress: () => 0x7fffffff
		});
		pages = progress.totalPages;
	} catch (e) {
		removeDatabaseFiles(partial);
		throw new BackupError(`The backup of ${source} failed: ${(e as Error).message}`);
	} finally {
		db.close();
	}
	try {
		const copy = new Database(partial);
		copy.pragma('journal_mode = DELETE');
		copy.close();
		const check = checkDatabase(partial);
		if (!check.ok) throw new BackupError(`The backup copy failed its check: ${check.issues.map((i) => i.message).join(' ')}`);
		syncFile(partial);
		renameSync(partial, out);
		syncFile(dirname(out));
		return { out, bytes: statSync(out).size, pages, durationMs: Date.now() - started, check };
	} finally {
		removeDatabaseFiles(partial);
	}
}

/**
 * Checks a database file without changing it: SQLite's own integrity and foreign-key checks, the
 * tables sanimap needs, and the history invariants every write keeps (each feature's versions run
 * 1..n with the feature at n, every version belongs to a changeset, deleted features end in a delete).
 */
export function checkDatabase(file: string): DatabaseCheck {
	if (!existsSync(file)) throw new BackupError(`There is no file at ${file}.`);
	let db: Database.Database;
	try {
		db = new Database(file, { readonly: true, fileMustExist: true });
		db.pragma('schema_version');
	} catch (e) {
		throw new BackupError(`${file} is not an SQLite database: ${(e as Error).message}`);
	}
	const issues: DatabaseCheck['issues'] = [];
	const warnings: DatabaseCheck['warnings'] = [];
	const counts = { features: 0, liveFeatures: 0, changesets: 0, featureVersions: 0, users: 0 };
	let migrations = 0;
	try {
		const integrity = (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
		if (integrity.join() !== 'ok') issues.push({ code: 'integrity', message: `SQLite integrity check failed: ${integrity.slice(0, 5).join('; ')}` });
		const fk = db.pragma('foreign_key_check') as unknown[];
		if (fk.length > 0) issues.push({ code: 'foreign-keys', message: `${fk.length} rows refer to rows that do not exist.` });
		const tables = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name));
		const missing = REQUIRED_TABLES.filter((t) => !tables.has(t));
		if (missing.length > 0) {
			issues.push({ code: 'schema', message: `This is not a sanimap database: tables ${missing.join(', ')} are missing.` });
			return { ok: false, issues, warnings, counts, migrations };
		}
		migrations = count(db, 'SELECT count(*) FROM __drizzle_migrations');
		counts.features = count(db, 'SELECT count(*) FROM features');
		counts.liveFeatures = count(db, 'SELECT count(*) FROM features WHERE deleted_at IS NULL');
		counts.changesets = count(db, 'SELECT count(*) FROM changesets');
		counts.featureVersions = count(db, 'SELECT count(*) FROM feature_versions');
		counts.users = count(db, 'SELECT count(*) FROM users');

		const badHistory = count(
			db,
			`SELECT count(*) FROM features f LEFT JOIN (
				SELECT feature_id, count(*) AS n, min(version) AS lo, max(version) AS hi FROM feature_versions GROUP BY feature_id
			) v ON v.feature_id = f.id
			WHERE v.n IS NULL OR v.lo <> 1 OR v.hi <> f.version OR v.n <> f.version`
		);
		if (badHistory > 0) issues.push({ code: 'history.gap', message: `${badHistory} features do not have every version from 1 to their current one.` });
		const orphanVersions = count(db, 'SELECT count(*) FROM feature_versions v WHERE NOT EXISTS (SELECT 1 FROM features f WHERE f.id = v.feature_id) OR NOT EXISTS (SELECT 1 FROM changesets c WHERE c.id = v.changeset_id)');
		if (orphanVersions > 0) issues.push({ code: 'history.orphan', message: `${orphanVersions} stored versions belong to no feature or no changeset.` });
		const deleteMismatch = count(
			db,
			`SELECT count(*) FROM features f JOIN feature_versions v ON v.feature_id = f.id AND v.version = f.version
			WHERE (f.deleted_at IS NULL) <> (v.action <> 'delete')`
		);
		if (deleteMismatch > 0) issues.push({ code: 'history.deleted', message: `${deleteMismatch} features disagree with their last version on whether they are deleted.` });
		const emptyChangesets = count(db, 'SELECT count(*) FROM changesets c WHERE NOT EXISTS (SELECT 1 FROM feature_versions v WHERE v.changeset_id = c.id)');
		if (emptyChangesets > 0) warnings.push({ code: 'changeset.empty', message: `${emptyChangesets} changesets changed no feature.` });
	} finally {
		db.close();
	}
	return { ok: issues.length === 0, issues, warnings, counts, migrations };
}

/**
 * Puts a checked backup in place as the database at `target`. The server must be stopped: a
 * running server keeps its open file and would go on writing to the replaced one. An existing
 * target is kept beside it as `<target>.before-restore-<time>` rather than overwritten.
 */
export async function restoreDatabase(backup: string, target: string, options: { force?: boolean; now?: Date } = {}): Promise<{ target: string; previous: string | null; check: DatabaseCheck }> {
	const check = checkDatabase(backup);
	if (!check.ok) throw new BackupError(`${backup} cannot be restored: ${check.issues.map((i) => i.message).join(' ')}`);
	if (!existsSync(dirname(target))) throw new BackupError(`The folder ${dirname(target)} does not exist.`);
	let previous: string | null = null;
	if (existsSync(target)) {
		if (!options.force) throw new BackupError(`${target} exists. Stop the server and pass --force to replace it (the current file is kept beside it).`);
		if (isInUse(target)) throw new BackupError(`${target} is open in another process (is the server running?). Stop it first.`);
		previous = `${target}.before-restore-${(options.now ?? new Date()).toISOString().replace(/[:.]/g, '-')}`;
		// Checkpoint the WAL into the file first, so the kept copy is whole on its own.
		const old = new Database(target, { fileMustExist: true });
		old.pragma('wal_checkpoint(TRUNCATE)');
		old.close();
		renameSync(target, previous);
		removeDatabaseFiles(target);
	}
	const partial = join(dirname(target), `.${basenameOf(target)}.restoring-${process.pid}`);
	removeDatabaseFiles(partial);
	const src = new Database(backup, { readonly: true, fileMustExist: true });
	try {
		await src.backup(partial, { progress: () => 0x7fffffff });
	} finally {
		src.close();
	}
	syncFile(partial);
	renameSync(partial, target);
	syncFile(dirname(target));
	return { target, previous, check: checkDatabase(target) };
}

export class BackupError extends Error {}

/**
 * Whether another connection has the database open. In WAL mode every connection holds a shared
 * lock on the file while it is open, so an exclusive lock fails; journal_mode=DELETE can only be
 * set with no other connection. We try it on the target with no waiting and put WAL back.
 */
function isInUse(file: string): boolean {
	const db = new Database(file, { fileMustExist: true });
	try {
		db.pragma('busy_timeout = 0');
		const mode = db.pragma('journal_mode', { simple: true });
		if (mode !== 'wal') return false;
		try {
			db.pragma('journal_mode = DELETE');
		} catch {
			return true;
		}
		const now = db.pragma('journal_mode', { simple: true });
		db.pragma('journal_mode = WAL');
		return now !== 'delete';
	} finally {
		db.close();
	}
}

function count(db: Database.Database, sql: string): number {
	return db.prepare(sql).pluck().get() as number;
}

function basenameOf(path: string): string {
	return path.split(/[\\/]/).pop()!;
}

function removeDatabaseFiles(path: string): void {
	for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(path + suffix, { force: true });
}

/** fsync a file or folder, so a rename is durable before we report success. */
function syncFile(path: string): void {
	const fd = openSync(path, 'r');
	try {
		fsyncSync(fd);
	} finally {
		closeSync(fd);
	}
}
