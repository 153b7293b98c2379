/**
 * Starts the real built server on a random free port with its own database in a fresh temp
 * directory, for API and browser tests. No mocks: the tests talk HTTP to the same code users run.
 *
 * It runs the built app (`build/index.js`) with the environment `scripts/start.js` (`npm start`)
 * gives it, rather than start.js itself: start.js rebuilds whenever a file under src/ is newer
 * than the build, which in a working tree being edited means a 15–30 s build inside every server
 * start. Tests run the build that `npx vite build` made (`npm test` builds first).
 *
 * Each server runs from its own copy of build/ (5 MB, under node_modules/.cache so the app's
 * dependencies still resolve): SvelteKit loads route chunks lazily, so a `vite build` running
 * while the tests do would otherwise pull files from under a running server and turn requests
 * into 500s.
 *
 *   const server = await startServer();            // empty database (SANIMAP_SEED=none)
 *   const demo = await startServer({ seed: true }); // seeded with the demo community
 *   await fetch(`${server.url}/api/collections`);
 *   const admin = await server.login();            // a bearer token of the first administrator
 *   const field = await server.createUser('wang', 'field'); // { username, password, token }
 *   await server.stop();
 *
 * Every write needs a signed-in user: pass a token to `apiClient(server.url, token)`, or sign a
 * browser in with `loginInBrowser` (helpers/browser.ts).
 *
 * The app must be built first: `npm test` builds into build-test/ and sets SANIMAP_BUILD_DIR for
 * the tests; run alone, a test file reads build/ (`npx vite build`) unless SANIMAP_BUILD_DIR says otherwise.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';
import { createTestDatabase, dropTestDatabase } from './postgres';

declare module 'vitest' {
	export interface ProvidedContext {
		/** `postgres` in the test projects whose servers run on PostgreSQL. */
		serverStore: 'sqlite' | 'postgres';
	}
}

/** The store the test project runs its servers on; outside a test (a benchmark), SQLite. */
function serverStoreOfProject(): 'sqlite' | 'postgres' {
	try {
		return inject('serverStore') ?? 'sqlite';
	} catch {
		return 'sqlite';
	}
}

export interface StartServerOptions {
	/** Seed the demo community from data/demo/ into the new database. Default false: start empty. */
	seed?: boolean;
	/** Extra environment for the server, e.g. `{ SANIMAP_MAX_BODY_BYTES: '10000' }`. */
	env?: Record<string, string>;
	/**
	 * Use this database file (created if missing) instead of a fresh one; `stop()` leaves it in
	 * place, so a second server can be started on the same data.
	 */
	dbPath?: string;
	/**
	 * The store the server runs on. Default: PostgreSQL in the `http-postgres` test project (a new
	 * database of the run's cluster for each server, dropped by `stop()`), else a SQLite file.
	 */
	store?: 'sqlite' | 'postgres';
	/** On PostgreSQL: use this database (a second server on the same data); `stop()` leaves it. */
	databaseUrl?: string;
	/** How long to wait for `GET /api` to answer, ms. Default 30,000. */
	startTimeoutMs?: number;
	/**
	 * Run this build folder where it is, as `npm start` does, instead of a private copy of the tests'
	 * build; `stop()` leaves it in place.
	 */
	inPlaceBuild?: string;
	/**
	 * Default true: resolve once `GET /api` answers. false: resolve as soon as the process is
	 * started, for a test of what happens while it starts (`ready()` waits for it later).
	 */
	waitUntilReady?: boolean;
}

/** The first administrator's password in every test server (SANIMAP_ADMIN_PASSWORD). */
export const TEST_ADMIN_PASSWORD = 'test-admin-password';
export const TEST_ADMIN_USERNAME = 'admin';

export type TestRole = 'admin' | 'planner' | 'field' | 'viewer';

export interface TestUser {
	username: string;
	password: string;
	/** A bearer token of this user, for `Authorization: Bearer <token>`. */
	token: string;
}

export interface RunningServer {
	/** Origin of the server, e.g. `http://127.0.0.1:41234` (no trailing slash). */
	url: string;
	/** Logs in through `POST /api/auth/login` and returns a bearer token; default the first administrator. */
	login(username?: string, password?: string): Promise<string>;
	/** Adds a user through the admin API (as the first administrator) and logs them in. */
	createUser(username: string, role: TestRole, password?: string): Promise<TestUser>;
	/** The server's SQLite file: in a temp directory removed by `stop()`, unless given in the options. */
	dbPath: string;
	/** Which store it runs on, and on PostgreSQL its database's URL. */
	store: 'sqlite' | 'postgres';
	databaseUrl: string | undefined;
	/** The server's process id. */
	pid: number;
	/** Resolves once `GET /api` answers (at once when it did before startServer returned). */
	ready(): Promise<void>;
	/** How the process ended: its exit code, or the signal that ended it; null while it runs. */
	exitStatus(): { code: number | null; signal: NodeJS.Signals | null } | null;
	/** The server's recent stdout and stderr, for a failing test to show what the server said. */
	output(): string;
	/** Kills the server, waits for it to exit and removes its temp directory. Safe to call twice. */
	stop(): Promise<void>;
	/**
	 * Ends the server abruptly with `signal` (default SIGKILL: no shutdown code runs, as in a crash
	 * or an out-of-memory kill), then cleans up like `stop()`. A `dbPath` given in the options stays.
	 */
	kill(signal?: NodeJS.Signals): Promise<void>;
}

export const appRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The build the tests run: SANIMAP_BUILD_DIR (build-test/ under `npm test`), else build/. */
export const buildDir = resolve(appRoot, process.env.SANIMAP_BUILD_DIR ?? 'build');
const builtEntry = join(buildDir, 'index.js');
/** Inside the app's node_modules/, so bare imports in the copied build resolve to the app's packages. */
const buildCopies = join(appRoot, 'node_modules', '.cache', 'sanimap-test-servers');

/** A TCP port that was free a moment ago: bind port 0 and read what the OS picked. */
export function freePort(host = '127.0.0.1'): Promise<number> {
	return new Promise((resolvePort, reject) => {
		const probe = createServer();
		probe.unref();
		probe.once('error', reject);
		probe.listen(0, host, () => {
			const address = probe.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			probe.close(() => (port ? resolvePort(port) : reject(new Error('Could not find a free port.'))));
		});
	});
}

export async function startServer(options: StartServerOptions = {}): Promise<RunningServer> {
	const entry = options.inPlaceBuild ? join(options.inPlaceBuild, 'index.js') : builtEntry;
	if (!existsSync(entry)) {
		throw new Error(`The app is not built (${entry} is missing). Run \`npx vite build\` first (\`npm test\` builds into build-test/).`);
	}
	const store = options.store ?? (options.databaseUrl ? 'postgres' : serverStoreOfProject());
	if (store === 'postgres' && options.dbPath) throw new Error('startServer: dbPath names a SQLite file; give databaseUrl for a PostgreSQL server.');
	const ownDatabase = store === 'postgres' && !options.databaseUrl;
	const databaseUrl = store === 'postgres' ? (options.databaseUrl ?? (await createTestDatabase())) : undefined;
	const dir = mkdtempSync(join(tmpdir(), 'sanimap-server-'));
	const dbPath = options.dbPath ?? join(dir, 'sanimap.db');
	let buildCopy: string | undefined;
	if (!options.inPlaceBuild) {
		mkdirSync(buildCopies, { recursive: true });
		buildCopy = mkdtempSync(join(buildCopies, 'build-'));
		try {
			cpSync(buildDir, buildCopy, { recursive: true });
		} catch (e) {
			rmSync(dir, { recursive: true, force: true });
			rmSync(buildCopy, { recursive: true, force: true });
			throw new Error(`Could not copy ${buildDir} (is a \`vite build\` running?): ${(e as Error).message}`);
		}
	}
	const served = options.inPlaceBuild ?? buildCopy!;
	const host = '127.0.0.1';
	const port = await freePort(host);
	const url = `http://${host}:${port}`;

	// SANIMAP_PROFILE_DIR=dir: the server writes a V8 CPU profile there when it stops, for profiling under a benchmark's load.
	const profile = process.env.SANIMAP_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.SANIMAP_PROFILE_DIR}`] : [];
	const child = spawn(process.execPath, [...profile, join(served, 'index.js')], {
		cwd: appRoot,
		env: {
			...process.env,
			NODE_ENV: 'production',
			// What scripts/start.js sets before it imports build/index.js.
			HOST: host,
			PORT: String(port),
			ORIGIN: url,
			BODY_SIZE_LIMIT: String(256 * 1024 * 1024),
			SANIMAP_ROOT: appRoot,
			DATABASE_URL: databaseUrl ?? dbPath,
			SANIMAP_SEED: options.seed ? 'demo' : 'none',
			// adapter-node waits this many seconds for open keep-alive connections on SIGTERM.
			SHUTDOWN_TIMEOUT: '1',
			SANIMAP_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD,
			// Each server's saved analysis states of its own, unless a test shares them on purpose.
			SANIMAP_STATE_DIR: join(dir, 'analysis-state'),
			...options.env
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	const keep = (chunk: Buffer) => {
		// Keep the tail only: enough to explain a failed start without growing without bound.
		output = (output + chunk.toString()).slice(-20_000);
	};
	child.stdout!.on('data', keep);
	child.stderr!.on('data', keep);
	let status: { code: number | null; signal: NodeJS.Signals | null } | null = null;
	const exited = new Promise<void>((done) =>
		child.once('exit', (code, signal) => {
			status = { code, signal };
			done();
		})
	);
	// If the test process ends without stop(), take the server with it.
	const killOnExit = () => child.kill('SIGKILL');
	process.once('exit', killOnExit);

	let stopped = false;
	const stop = async (signal?: NodeJS.Signals) => {
		if (stopped) return;
		stopped = true;
		process.off('exit', killOnExit);
		if (signal && child.exitCode === null && child.signalCode === null) {
			child.kill(signal);
			await exited;
		} else {
			await kill(child, exited);
		}
		rmSync(dir, { recursive: true, force: true });
		if (buildCopy) rmSync(buildCopy, { recursive: true, force: true });
		if (ownDatabase) await dropTestDatabase(databaseUrl!);
	};

	let answering: Promise<void> | undefined;
	const ready = () =>
		(answering ??= waitUntilAnswering(`${url}/api`, child, options.startTimeoutMs ?? 30_000).catch(async (e) => {
			await stop();
			throw new Error(`${(e as Error).message}\n--- server output ---\n${output.trim() || '(none)'}`);
		}));
	if (options.waitUntilReady ?? true) await ready();
	const login = (username = TEST_ADMIN_USERNAME, password = TEST_ADMIN_PASSWORD) => loginAt(url, username, password);
	let adminToken: Promise<string> | undefined;
	const createUser = async (username: string, role: TestRole, password = `${username}-password-1`): Promise<TestUser> => {
		adminToken ??= login();
		const res = await fetch(`${url}/api/auth/users`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', authorization: `Bearer ${await adminToken}` },
			body: JSON.stringify({ username, role, password })
		});
		if (res.status !== 201) throw new Error(`Could not create user ${username} (${role}): HTTP ${res.status} ${await res.text()}`);
		return { username, password, token: await login(username, password) };
	};
	return {
		url,
		dbPath,
		store,
		databaseUrl,
		pid: child.pid!,
		ready,
		exitStatus: () => status,
		output: () => output,
		stop: () => stop(),
		kill: (signal = 'SIGKILL') => stop(signal),
		login,
		createUser
	};
}

/** A bearer token from `POST /api/auth/login`; throws with the server's answer when refused. */
export async function loginAt(baseUrl: string, username: string, password: string): Promise<string> {
	const res = await fetch(`${baseUrl}/api/auth/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ username, password })
	});
	const text = await res.text();
	if (res.status !== 200) throw new Error(`Login as ${username} failed: HTTP ${res.status} ${text}`);
	return (JSON.parse(text) as { token: string }).token;
}

async function waitUntilAnswering(apiUrl: string, child: ChildProcess, timeoutMs: number): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	let lastError = 'no answer yet';
	while (Date.now() < deadline) {
		if (child.exitCode !== null || child.signalCode !== null) {
			throw new Error(`The server exited (code ${child.exitCode ?? child.signalCode}) before answering ${apiUrl}.`);
		}
		try {
			const res = await fetch(apiUrl, { signal: AbortSignal.timeout(2_000) });
			await res.arrayBuffer();
			// 401: up, with reads private (SANIMAP_PUBLIC_READ=false).
			if (res.ok || res.status === 401) return;
			lastError = `HTTP ${res.status}`;
		} catch (e) {
			lastError = (e as Error).message;
		}
		await new Promise((r) => setTimeout(r, 100));
	}
	throw new Error(`The server did not answer ${apiUrl} within ${timeoutMs} ms (last: ${lastError}).`);
}

async function kill(child: ChildProcess, exited: Promise<void>): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return;
	child.kill('SIGTERM');
	const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
	await exited;
	clearTimeout(timer);
}
