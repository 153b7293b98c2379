#!/usr/bin/env node
/**
 * The build the tests run, in a folder of its own: `build-test/` (SvelteKit's working files in
 * `.svelte-kit-test/`), never the folder `npm start` serves (`build/`, or SANIMAP_BUILD_DIR). A
 * build replaces its folder's route chunks under new names, and a server running from it answers
 * 500 for every page it had not loaded yet; so `npm test` must not build where `npm start` runs.
 * SANIMAP_TEST_BUILD_DIR and SANIMAP_TEST_KIT_DIR move the two folders (relative to the app).
 *
 * `node scripts/test-build.js` builds; `npm test` (scripts/test.js) builds through it, then runs the
 * tests against it.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const appRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The environment of the test build and of the tests: the build folder is the tests' own whatever SANIMAP_BUILD_DIR says. */
export function testBuildEnv(env = process.env) {
	return { ...env, SANIMAP_BUILD_DIR: env.SANIMAP_TEST_BUILD_DIR || 'build-test', SANIMAP_KIT_DIR: env.SANIMAP_TEST_KIT_DIR || '.svelte-kit-test' };
}

/** Runs a command in the app's folder; its exit status (1 when it could not start). */
export function runStep(command, args, env = process.env) {
	const result = spawnSync(command, args, { cwd: appRoot, env, stdio: 'inherit' });
	if (result.error) console.error(`sanimap: could not run ${command}: ${result.error.message}`);
	return result.status ?? 1;
}

export const buildForTests = () => runStep('npx', ['vite', 'build'], testBuildEnv());

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exitCode = buildForTests();
