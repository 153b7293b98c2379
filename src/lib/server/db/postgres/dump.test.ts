/** Without pg_dump installed, a PostgreSQL backup says what to install and the exact lines to run. */
import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dumpPostgres, DumpError, findPostgresProgram, isPostgresDump } from './dump';

describe('a PostgreSQL backup without pg_dump', () => {
	const nowhere = { path: '', prefix: join(tmpdir(), 'no-postgresql-here') };

	it('finds no program where there is none', () => {
		expect(findPostgresProgram('pg_dump', nowhere)).toBeUndefined();
	});

	it('names the pg_dump and pg_restore command lines, quoted for a shell, without the password', async () => {
		const out = join(mkdtempSync(join(tmpdir(), 'sanimap-dump-')), 'community.dump');
		const error = await dumpPostgres('postgres://app:secret@db.example:5432/sanimap', out, { search: nowhere, mask: (u) => u.replace(':secret@', ':***@') }).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(DumpError);
		const message = (error as Error).message;
		expect(message).toContain(`pg_dump --format=custom --file=${out} --dbname='postgres://app:***@db.example:5432/sanimap'`);
		expect(message).toContain(`pg_restore --clean --if-exists --no-owner --exit-on-error --dbname='postgres://app:***@db.example:5432/sanimap' ${out}`);
		expect(message).not.toContain('secret');
		expect(isPostgresDump(out)).toBe(false);
	});
});
