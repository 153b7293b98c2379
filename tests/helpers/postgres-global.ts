/**
 * Vitest global setup of the `postgres` test project: one private PostgreSQL cluster for the whole
 * run (scripts/postgres-cluster.js), with a template database that already has PostGIS, so each
 * test file gets a database of its own by a quick copy (tests/helpers/postgres.ts). The cluster and
 * its folder are removed when the run ends.
 */
import type { TestProject } from 'vitest/node';
import pg from 'pg';
import { POSTGRES_INSTALL_HINT, startCluster } from '../../scripts/postgres-cluster.js';
import { freePort } from './server';
import { TEMPLATE_DATABASE } from './postgres';

export default async function setup(project: TestProject) {
	const cluster = startCluster({ port: await freePort() });
	try {
		const admin = new pg.Client(cluster.url());
		await admin.connect();
		await admin.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
		await admin.end();
		// CREATE EXTENSION in the template: every copy has PostGIS without paying for it again.
		const template = new pg.Client(cluster.url(TEMPLATE_DATABASE));
		await template.connect();
		await template.query('CREATE EXTENSION postgis');
		await template.end();
	} catch (error) {
		cluster.stop();
		// The server binaries are there but PostGIS is not (another package).
		if (error instanceof Error && /postgis/i.test(error.message)) throw new Error(`${error.message}\n${POSTGRES_INSTALL_HINT}`);
		throw error;
	}
	project.provide('postgresAdminUrl', cluster.url());
	return () => cluster.stop();
}
