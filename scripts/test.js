#!/usr/bin/env node
/**
 * `npm test`: checks for Chromium and PostgreSQL, type-checks, builds into the tests' own folder (test-build.js;
 * a server that `npm start` runs from build/ keeps working meanwhile) and runs every test against
 * that build. Arguments go to vitest: `npm test -- tests/api/read.test.ts`.
 */
import { buildForTests, runStep, testBuildEnv } from './test-build.js';

const steps = [
	() => runStep(process.execPath, ['scripts/check-chromium.js']),
	() => runStep(process.execPath, ['scripts/check-postgres.js']),
	// The type check reads SvelteKit's generated types from .svelte-kit/ (tsconfig.json extends them).
	() => runStep('npx', ['svelte-kit', 'sync']),
	() => runStep('npx', ['svelte-check', '--tsconfig', './tsconfig.json', '--threshold', 'error']),
	buildForTests,
	() => runStep('npx', ['vitest', 'run', ...process.argv.slice(2)], testBuildEnv())
];

for (const step of steps) {
	const status = step();
	if (status !== 0) {
		process.exitCode = status;
		break;
	}
}
