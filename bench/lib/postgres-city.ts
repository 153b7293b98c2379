/**
 * The synthetic city on PostgreSQL, for the benchmarks' `--store postgres`: a private cluster that
 * syncs to disk and acknowledges commits before they are flushed (what SQLite's WAL with
 * synchronous=NORMAL promises), the city's SQLite file moved into it by `cli migrate` as a
 * community moves, and a scratch copy of that database for measurements that write.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import pg from 'pg';
import { startCluster } from '../../scripts/postgres-cluster.js';
import { appRoot, freePort } from '../../tests/helpers/server';

export interface PostgresCity {
	/** The city's database. */
	url: string;
	/** A copy of it made before anything ran, to write to beside the servers. */
	scratchUrl: string;
	stop(): void;
}

export async function cityOnPostgres(cityFile: string, log: (line: string) => void): Promise<PostgresCity> {
	const cluster = startCluster({ port: await freePort(), durable: true });
	const admin = new pg.Client(cluster.url());
	await admin.connect();
	await admin.query('CREATE DATABASE sanimap_bench');
	const url = cluster.url('sanimap_bench');
	const t0 = performance.now();
	const moved = spawnSync(process.execPath, ['--import', 'tsx', join(appRoot, 'src/cli/main.ts'), 'migrate', '--from', cityFile, '--to', url], { cwd: appRoot, encoding: 'utf8' });
	if (moved.status !== 0) throw new Error(`cli migrate failed: ${moved.stderr}`);
	log(`postgres: the city moved in by cli migrate in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
	await admin.query('CREATE DATABASE sanimap_scratch TEMPLATE sanimap_bench');
	await admin.end();
	return { url, scratchUrl: cluster.url('sanimap_scratch'), stop: () => cluster.stop() };
}
