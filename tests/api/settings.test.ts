/**
 * The built server refuses to start on a setting it cannot use: it exits non-zero before it
 * listens, names each such setting, its value and what it accepts on stderr, and creates nothing
 * (no database file, no folder named after a URL). Settings it can use start it as before.
 */
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appRoot, buildDir, freePort, startServer } from '../helpers/server';

/**
 * Runs the built server (or `npm start`'s scripts/start.js) with `env` until it exits (or 30 s
 * pass): what it said, whether its port was ever open, what it left in its folder.
 */
async function runServer(env: Record<string, string>, entry = join(buildDir, 'index.js')) {
	const dir = mkdtempSync(join(tmpdir(), 'sanimap-settings-'));
	const port = await freePort();
	const child = spawn(process.execPath, [entry], {
		// The folder a relative DATABASE_URL like "postgres:" would have been created in.
		cwd: dir,
		env: { ...process.env, NODE_ENV: 'production', HOST: '127.0.0.1', PORT: String(port), SANIMAP_ROOT: appRoot, DATABASE_URL: join(dir, 'sanimap.db'), SANIMAP_SEED: 'none', ...env },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let stdout = '';
	let stderr = '';
	child.stdout.on('data', (c) => (stdout += c));
	child.stderr.on('data', (c) => (stderr += c));
	let listened = false;
	const probe = setInterval(() => {
		const socket = connect(port, '127.0.0.1');
		socket.on('connect', () => ((listened = true), socket.destroy()));
		socket.on('error', () => socket.destroy());
	}, 50);
	const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
	const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
	clearTimeout(timer);
	clearInterval(probe);
	const created = readdirSync(dir);
	rmSync(dir, { recursive: true, force: true });
	return { code, stdout, stderr, listened, created };
}

describe('settings checked when the server starts', { timeout: 120_000 }, () => {
	it('a PostgreSQL DATABASE_URL it cannot reach stops the start, naming it, the password not repeated', async () => {
		const port = await freePort();
		const run = await runServer({ DATABASE_URL: `postgres://sanimap:s3cret@127.0.0.1:${port}/sanimap` });
		expect(run.code).toBe(1);
		expect(run.stderr).toContain(`sanimap could not open the PostgreSQL database postgres://sanimap:***@127.0.0.1:${port}/sanimap that DATABASE_URL names: connect ECONNREFUSED`);
		expect(run.stderr).toMatch(/Check that the server runs and takes connections at that address/);
		expect(run.stderr + run.stdout).not.toContain('s3cret');
		expect(run.listened).toBe(false);
		// Neither a SQLite file nor a folder named "postgres:" was made.
		expect(run.created).toEqual([]);
	});

	it('several unusable settings are all named, with their values and what each accepts', async () => {
		const run = await runServer({
			SANIMAP_CACHE_MB: 'lots',
			SANIMAP_SYNCHRONOUS: 'sometimes',
			SANIMAP_BUSY_TIMEOUT_MS: '5s',
			SANIMAP_MAX_BODY_BYTES: '5MB',
			SANIMAP_PUBLIC_READ: 'yes',
			ORIGIN: 'https://map.example.org/sanimap',
			SANIMAP_ADMIN_PASSWORD: 'short'
		});
		expect(run.code).not.toBe(0);
		expect(run.code).not.toBeNull();
		for (const line of [
			'SANIMAP_CACHE_MB is "lots": it must be a whole number of MB, from 1 to 1000000.',
			'SANIMAP_SYNCHRONOUS is "sometimes": it must be one of NORMAL, FULL.',
			'SANIMAP_BUSY_TIMEOUT_MS is "5s": it must be a whole number of milliseconds, from 0 to 2147483647.',
			'SANIMAP_MAX_BODY_BYTES is "5MB": it must be a whole number of bytes, 1 or more.',
			'SANIMAP_PUBLIC_READ is "yes": it must be one of true, false.',
			'ORIGIN is "https://map.example.org/sanimap": it must be an http:// or https:// address with no path',
			'SANIMAP_ADMIN_PASSWORD is (5 characters, not shown)'
		]) {
			expect(run.stderr).toContain(line);
		}
		expect(run.stderr).toMatch(/not started: these 7 settings cannot be used/);
		expect(run.stderr).not.toContain('short"');
		expect(run.listened).toBe(false);
		expect(run.created).toEqual([]);
	});

	it('npm start checks them before it builds or listens, the same way', async () => {
		// The build folder is the tests' build, so a start that got past the check would serve it rather than build.
		const run = await runServer({ SANIMAP_BUILD_DIR: buildDir, ORIGIN: 'localhost:3000', PORT: '70000', SANIMAP_SEED: 'demo-data', SANIMAP_TILE_THRESHOLD: '-1' }, join(appRoot, 'scripts/start.js'));
		expect(run.code).toBe(1);
		for (const line of [
			'ORIGIN is "localhost:3000": it must be an http:// or https:// address with no path',
			'PORT is "70000": it must be a whole number, from 1 to 65535.',
			'SANIMAP_SEED is "demo-data": it must be one of demo, none.',
			'SANIMAP_TILE_THRESHOLD is "-1": it must be a whole number of features, 0 or more.'
		]) {
			expect(run.stderr).toContain(line);
		}
		expect(run.stdout).not.toMatch(/building/);
		expect(run.listened).toBe(false);
		expect(run.created).toEqual([]);
	});

	it('starts with a file: or sqlite: DATABASE_URL and with good values', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'sanimap-settings-ok-'));
		try {
			for (const url of [`sqlite:${join(dir, 'a.db')}`, `file:${join(dir, 'b.db')}`]) {
				const server = await startServer({ env: { DATABASE_URL: url, SANIMAP_SYNCHRONOUS: 'full', SANIMAP_CACHE_MB: '64', SANIMAP_PUBLIC_READ: 'FALSE' } });
				try {
					expect((await fetch(`${server.url}/api/collections`)).status).toBe(401);
				} finally {
					await server.stop();
				}
			}
			expect(existsSync(join(dir, 'a.db'))).toBe(true);
			expect(existsSync(join(dir, 'b.db'))).toBe(true);
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
});
