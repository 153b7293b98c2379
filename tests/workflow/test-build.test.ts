/**
 * `npm test` and `npm start` side by side: the tests' build goes into a folder of its own, so a
 * server that runs from its build folder keeps answering every page, also those it had not
 * loaded when the test build ran. This runs the same build step `npm test` runs
 * (scripts/test-build.js), with the server's folder named in SANIMAP_BUILD_DIR as a person who
 * moved it would have it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { appRoot, buildDir, startServer, type RunningServer } from '../helpers/server';

/** Every file under `dir` with its size and modification time: what a rebuild would change. */
function snapshot(dir: string): Record<string, string> {
	const out: Record<string, string> = {};
	const walk = (d: string) => {
		for (const e of readdirSync(d, { withFileTypes: true })) {
			const p = join(d, e.name);
			if (e.isDirectory()) walk(p);
			else {
				const s = statSync(p);
				out[relative(dir, p)] = `${s.size} ${s.mtimeMs}`;
			}
		}
	};
	walk(dir);
	return out;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, { cwd: appRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
		let output = '';
		const keep = (c: Buffer) => (output = (output + c.toString()).slice(-8_000));
		child.stdout.on('data', keep);
		child.stderr.on('data', keep);
		child.on('error', reject);
		child.on('close', (code) => resolve({ code, output }));
	});
}

// Inside the app's folder (git-ignored names), so that the builds resolve the app's packages.
const served = mkdtempSync(join(appRoot, 'build-served-'));
const testBuild = `build-${basename(served).slice('build-served-'.length)}-test`;
const kitDir = `.svelte-kit-${basename(served).slice('build-served-'.length)}-test`;
let server: RunningServer;

beforeAll(async () => {
	cpSync(buildDir, served, { recursive: true });
	server = await startServer({ inPlaceBuild: served });
});
afterAll(async () => {
	await server?.stop();
	for (const d of [served, join(appRoot, testBuild), join(appRoot, kitDir)]) rmSync(d, { recursive: true, force: true });
});

describe('the test build beside a running server', () => {
	it('builds into its own folder and leaves the served one as it was; every page still answers', { timeout: 900_000 }, async () => {
		// The server has loaded the map page only.
		expect((await fetch(`${server.url}/`)).status).toBe(200);
		const before = snapshot(served);

		const env = { ...process.env, SANIMAP_BUILD_DIR: served, SANIMAP_TEST_BUILD_DIR: testBuild, SANIMAP_TEST_KIT_DIR: kitDir };
		const build = await run(process.execPath, ['scripts/test-build.js'], env);
		expect(build.code, build.output).toBe(0);
		expect(existsSync(join(appRoot, testBuild, 'index.js'))).toBe(true);

		expect(snapshot(served)).toEqual(before);
		for (const path of ['/import', '/report', '/field', '/login', '/account', '/api/collections', '/api/api']) {
			const res = await fetch(`${server.url}${path}`, { redirect: 'manual' });
			await res.arrayBuffer();
			expect(res.status, `${path}\n${server.output()}`).toBeLessThan(400);
		}
		expect(server.output()).not.toMatch(/ERR_MODULE_NOT_FOUND/);
	});
});
