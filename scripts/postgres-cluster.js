// Plain JavaScript so that `node scripts/check-postgres.js` can use it before anything is built;
// the test suite's PostgreSQL cluster (tests/helpers/postgres-global.ts) is started through here too.
/**
 * A private PostgreSQL cluster in a temporary folder, on a port of its own: never the machine's
 * default cluster, and nothing of it is left once it is stopped. PostgreSQL refuses to run as
 * root, so when this process is root the server's programs run as the `postgres` system user
 * (made by Debian's package) and the folder belongs to that user.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where initdb and pg_ctl are: POSTGRES_BIN, else Debian's PostgreSQL 15. @returns {string | undefined} */
export function postgresBinDir() {
	const candidates = /** @type {string[]} */ ([process.env.POSTGRES_BIN, '/usr/lib/postgresql/15/bin'].filter(Boolean));
	return candidates.find((dir) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl')));
}

/** Whether the PostgreSQL of `bin` has PostGIS to create (its extension's control file). @param {string} bin */
export function postgisInstalled(bin) {
	const result = spawnSync(join(bin, 'pg_config'), ['--sharedir'], { encoding: 'utf8' });
	return result.status === 0 && existsSync(join(result.stdout.trim(), 'extension', 'postgis.control'));
}

export const POSTGRES_INSTALL_HINT =
	'The PostgreSQL tests need PostgreSQL 15 with PostGIS 3. Install them with ' +
	'`sudo apt-get install -y postgresql-15-postgis-3` (Debian/Ubuntu), or point POSTGRES_BIN at the folder holding initdb and pg_ctl. ' +
	'The tests start a cluster of their own in a temporary folder; the machine’s own cluster is never used.';

/** @returns {{ uid: number; gid: number } | undefined} the postgres system user, when this process is root and must not run the server itself */
function serverUser() {
	if (process.getuid?.() !== 0) return undefined;
	const line = readFileSync('/etc/passwd', 'utf8')
		.split('\n')
		.find((l) => l.startsWith('postgres:'));
	if (!line) throw new Error('This process runs as root, and PostgreSQL refuses to; there is no `postgres` user to run it as. ' + POSTGRES_INSTALL_HINT);
	const [, , uid, gid] = line.split(':');
	return { uid: Number(uid), gid: Number(gid) };
}

/**
 * @param {string} bin @param {string} program @param {string[]} args @param {{ uid: number; gid: number } | undefined} user
 * @returns {string} what it printed
 */
function runProgram(bin, program, args, user) {
	const command = user ? 'runuser' : join(bin, program);
	const argv = user ? ['-u', 'postgres', '--', join(bin, program), ...args] : args;
	const result = spawnSync(command, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
	if (result.error) throw result.error;
	if (result.status !== 0) throw new Error(`${program} ${args.join(' ')} failed (exit ${result.status}):\n${result.stdout}${result.stderr}`);
	return result.stdout;
}

/**
 * A process beside the server that stops it and removes its folder once this process is gone, however
 * it ended (a test worker killed at a timeout runs no exit handler).
 * @param {string} bin @param {string} data @param {string} dir @param {{ uid: number; gid: number } | undefined} user
 */
function startWatchdog(bin, data, dir, user) {
	const pgCtl = `${user ? 'runuser -u postgres -- ' : ''}"${join(bin, 'pg_ctl')}"`;
	const script = `while kill -0 ${process.pid} 2>/dev/null; do sleep 1; done; ${pgCtl} -D "${data}" -m immediate stop >/dev/null 2>&1; rm -rf "${dir}"`;
	const child = spawn('sh', ['-c', script], { detached: true, stdio: 'ignore' });
	child.unref();
	return child;
}

/**
 * @typedef {object} PostgresCluster
 * @property {number} port
 * @property {string} dir the temporary folder; the data directory is `data/` in it, the log `server.log`
 * @property {string} superuser the role with every right (trust authentication on 127.0.0.1 only)
 * @property {(database?: string) => string} url a connection URL for the superuser
 * @property {() => void} stop stops the server at once and removes the folder; safe to call twice
 * @property {(mode?: 'fast' | 'immediate') => void} halt stops the server and keeps its data, as a
 *   restart or a crash (`immediate`: no checkpoint, recovery from the WAL on the next start) would
 * @property {() => void} resume starts a halted server again on the same port and data
 */

/**
 * Starts a cluster on 127.0.0.1:`port`. For tests durability is switched off (fsync, full page
 * writes): the cluster lives as long as a test run and is thrown away. `durable` (benchmarks)
 * syncs to disk as a production server does, with commits acknowledged before they are flushed
 * (synchronous_commit=off: a crash of the machine may lose the last ones, never corrupt them),
 * which is what SQLite's WAL with synchronous=NORMAL promises. `syncCommits`: a commit is
 * acknowledged only once its WAL is written, as PostgreSQL's default has it, so an acknowledged
 * commit survives the server's crash (halt('immediate')). `replicaOf`: a streaming replica
 * of that cluster instead of a new one (pg_basebackup, then hot standby).
 * @param {{ port: number; durable?: boolean; syncCommits?: boolean; replicaOf?: PostgresCluster }} options
 * @returns {PostgresCluster}
 */
export function startCluster({ port, durable = false, syncCommits = false, replicaOf }) {
	const bin = postgresBinDir();
	if (!bin) throw new Error(`No PostgreSQL found. ${POSTGRES_INSTALL_HINT}`);
	const user = serverUser();
	const dir = mkdtempSync(join(tmpdir(), 'sanimap-pg-'));
	if (user) chownSync(dir, user.uid, user.gid);
	const data = join(dir, 'data');
	const superuser = 'postgres';
	let running = false;
	/** @type {import('node:child_process').ChildProcess | undefined} */
	let watchdog;
	const stop = () => {
		watchdog?.kill();
		watchdog = undefined;
		if (running) {
			running = false;
			try {
				runProgram(bin, 'pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop'], user);
			} catch {
				// already gone; the folder is removed all the same
			}
		}
		rmSync(dir, { recursive: true, force: true });
		process.off('exit', stop);
	};
	const commits = syncCommits ? [] : ['-c synchronous_commit=off'];
	const syncing = durable ? commits : ['-c fsync=off', '-c full_page_writes=off', ...commits];
	const options = [`-p ${port}`, '-c listen_addresses=127.0.0.1', `-k ${dir}`, ...syncing, '-c max_connections=200'];
	const start = () => runProgram(bin, 'pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-o', options.join(' '), '-w', '-t', '60', 'start'], user);
	/** @param {'fast' | 'immediate'} mode */
	const halt = (mode = 'fast') => {
		if (!running) return;
		running = false;
		runProgram(bin, 'pg_ctl', ['-D', data, '-m', mode, '-w', 'stop'], user);
	};
	const resume = () => {
		if (running) return;
		running = true;
		start();
	};
	// A test run that ends without its teardown (a crash, Ctrl-C) still stops the server.
	process.on('exit', stop);
	try {
		if (replicaOf) runProgram(bin, 'pg_basebackup', ['-h', '127.0.0.1', '-p', String(replicaOf.port), '-U', superuser, '-D', data, '-R', '-X', 'stream', '--checkpoint=fast', '--no-sync'], user);
		else runProgram(bin, 'initdb', ['-D', data, '-U', superuser, '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync'], user);
		running = true;
		start();
		watchdog = startWatchdog(bin, data, dir, user);
	} catch (error) {
		const log = existsSync(join(dir, 'server.log')) ? readFileSync(join(dir, 'server.log'), 'utf8').slice(-2000) : '';
		stop();
		throw new Error(`Could not start a PostgreSQL cluster on port ${port}: ${error instanceof Error ? error.message : error}${log ? `\nserver log:\n${log}` : ''}`);
	}
	return { port, dir, superuser, url: (database = 'postgres') => `postgres://${superuser}@127.0.0.1:${port}/${database}`, stop, halt, resume };
}
