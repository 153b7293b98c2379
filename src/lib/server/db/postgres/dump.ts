/**
 * Backups of a PostgreSQL database are PostgreSQL's own: pg_dump in its custom format, restored with
 * pg_restore. Nothing here reimplements them; this finds the programs and says what to run when
 * they are not installed.
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, delimiter, dirname, join } from 'node:path';

const DEBIAN_PREFIX = '/usr/lib/postgresql';

export class DumpError extends Error {}

/**
 * A PostgreSQL client program: on PATH, else in Debian's versioned folders, newest first (pg_dump
 * refuses a server newer than itself, so the newest installed is the one most likely to work).
 */
export function findPostgresProgram(name: 'pg_dump' | 'pg_restore', options: { path?: string; prefix?: string } = {}): string | undefined {
	for (const dir of (options.path ?? process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
		if (existsSync(join(dir, name))) return join(dir, name);
	}
	const prefix = options.prefix ?? DEBIAN_PREFIX;
	if (!existsSync(prefix)) return undefined;
	const versions = readdirSync(prefix)
		.filter((v) => /^\d+(\.\d+)?$/.test(v))
		.sort((a, b) => Number(b) - Number(a));
	for (const version of versions) {
		const program = join(prefix, version, 'bin', name);
		if (existsSync(program)) return program;
	}
	return undefined;
}

/** The command lines a person runs by hand, with the URL as given (quoted for a shell). */
export function dumpCommand(url: string, out: string): string {
	return `pg_dump --format=custom --file=${shellQuote(out)} --dbname=${shellQuote(url)}`;
}

export function restoreCommand(url: string, file: string): string {
	return `pg_restore --clean --if-exists --no-owner --exit-on-error --dbname=${shellQuote(url)} ${shellQuote(file)}`;
}

const shellQuote = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

export interface DumpResult {
	store: 'postgres';
	out: string;
	bytes: number;
	durationMs: number;
	pgDump: string;
	/** How to put it back (the server stopped). */
	restore: string;
}

/**
 * Runs pg_dump into a file beside `out` and renames it into place once pg_dump has succeeded, so
 * `out` is the previous file or a complete dump, never a part of one.
 */
export async function dumpPostgres(url: string, out: string, options: { mask?: (url: string) => string; search?: { path?: string; prefix?: string } } = {}): Promise<DumpResult> {
	const mask = options.mask ?? ((u: string) => u);
	const pgDump = findPostgresProgram('pg_dump', options.search);
	if (!pgDump) {
		throw new DumpError(
			`pg_dump was not found on PATH or in ${DEBIAN_PREFIX}/*/bin. Install PostgreSQL's client programs (Debian/Ubuntu: apt-get install postgresql-client-15) and run:\n  ${dumpCommand(mask(url), out)}\nTo restore it: ${restoreCommand(mask(url), out)}`
		);
	}
	if (!existsSync(dirname(out))) throw new DumpError(`The folder ${dirname(out)} does not exist.`);
	const partial = join(dirname(out), `.${basename(out)}.partial-${process.pid}`);
	const started = Date.now();
	try {
		const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
			const child = spawn(pgDump, ['--format=custom', `--file=${partial}`, `--dbname=${url}`], { stdio: ['ignore', 'ignore', 'pipe'] });
			let stderr = '';
			child.stderr.on('data', (c) => (stderr += c));
			child.on('error', reject);
			child.on('close', (code) => resolve({ code, stderr }));
		});
		if (code !== 0) throw new DumpError(`pg_dump of ${mask(url)} failed (exit ${code}): ${stderr.trim().split(url).join(mask(url))}`);
		renameSync(partial, out);
	} finally {
		rmSync(partial, { force: true });
	}
	return { store: 'postgres', out, bytes: statSync(out).size, durationMs: Date.now() - started, pgDump, restore: restoreCommand(mask(url), out) };
}

/** Whether a file is a pg_dump custom-format archive (its first bytes are "PGDMP"). */
export function isPostgresDump(file: string): boolean {
	if (!existsSync(file) || !statSync(file).isFile()) return false;
	const fd = openSync(file, 'r');
	try {
		const head = Buffer.alloc(5);
		return readSync(fd, head, 0, 5, 0) === 5 && head.toString('latin1') === 'PGDMP';
	} finally {
		closeSync(fd);
	}
}

/**
 * What pg_restore reads in a dump (`pg_restore --list`): its table of contents, so a dump that is
 * cut or damaged is found before the day it is needed. Null when pg_restore is not installed.
 */
export function listDump(file: string): { tables: string[]; entries: number } | null {
	const pgRestore = findPostgresProgram('pg_restore');
	if (!pgRestore) return null;
	const result = spawnSync(pgRestore, ['--list', file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
	if (result.status !== 0) throw new DumpError(`pg_restore cannot read ${file}: ${(result.stderr || result.error?.message || '').trim()}`);
	const entries = result.stdout.split('\n').filter((l) => l && !l.startsWith(';'));
	const tables = entries.flatMap((l) => /\bTABLE DATA \S+ (\S+)/.exec(l)?.[1] ?? []);
	return { tables, entries: entries.length };
}
