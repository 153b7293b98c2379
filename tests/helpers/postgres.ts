/**
 * A database of its own for a test file, in the run's private PostgreSQL cluster
 * (tests/helpers/postgres-global.ts): a copy of a template that has PostGIS already.
 */
import { inject } from 'vitest';
import pg from 'pg';

declare module 'vitest' {
	export interface ProvidedContext {
		/** The cluster's superuser URL, to its `postgres` database. */
		postgresAdminUrl: string;
	}
}

export const TEMPLATE_DATABASE = 'sanimap_template';

let made = 0;

/** The admin URL pointed at another database of the same cluster. */
export function databaseUrl(database: string): string {
	const url = new URL(adminUrl());
	url.pathname = `/${database}`;
	return url.toString();
}

function adminUrl(): string {
	const url = inject('postgresAdminUrl');
	if (!url) throw new Error('No PostgreSQL cluster for this test: it runs in the `postgres` test project (files named *.pg.test.ts), whose global setup starts one.');
	return url;
}

/** A fresh, empty database with PostGIS; its URL. The cluster (and so the database) goes when the run ends. */
export async function createTestDatabase(options: { postgis?: boolean } = {}): Promise<string> {
	const name = `sanimap_${process.pid}_${Date.now().toString(36)}_${made++}`;
	const admin = new pg.Client(adminUrl());
	await admin.connect();
	try {
		await admin.query(options.postgis === false ? `CREATE DATABASE ${name}` : `CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DATABASE}`);
	} finally {
		await admin.end();
	}
	return databaseUrl(name);
}

/** Drops a database createTestDatabase made, ending any connection still open to it (a killed server's). */
export async function dropTestDatabase(url: string): Promise<void> {
	const name = new URL(url).pathname.slice(1);
	if (!/^sanimap_[a-z0-9_]+$/.test(name)) throw new Error(`Not a test database: ${name}`);
	const admin = new pg.Client(adminUrl());
	await admin.connect();
	try {
		await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
	} finally {
		await admin.end();
	}
}
