import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';
import { LongestFirstSequencer } from './tests/helpers/sequencer';

/** Test files that measure how fast the server answers while it works, or make it run Chromium: they run alone. */
const TIMING_SENSITIVE = ['tests/api/import.test.ts', 'tests/api/tiles-responsive.test.ts', 'tests/security/responsiveness.test.ts', 'tests/security/pdf-limits.test.ts'];
const PARALLEL_FILES = 2;
/** Test files that need PostgreSQL: they run in the `postgres` project, whose global setup starts a private cluster. */
const POSTGRES_FILES = ['**/*.pg.test.ts'];
/** HTTP test files that open the server's SQLite file themselves (to check or to damage what it stored). */
const SQLITE_FILE_TESTS = [
	'tests/api/auth.test.ts',
	'tests/api/demo-seed.test.ts',
	'tests/security/hostile-geometry.test.ts',
	'tests/security/sql-injection.test.ts',
	'tests/security/uploads.test.ts',
	'tests/security/write-routes.test.ts'
];

export default defineConfig({
	plugins: [sveltekit()],
	test: {
		// The JSON report is what .ci/run counts for its plain "N passed, N failed" line.
		reporters: ['default', 'json'],
		outputFile: { json: 'test-results/vitest.json' },
		sequence: { sequencer: LongestFirstSequencer },
		projects: [
			// First, together: unit tests and the HTTP tests, two files at a time. Each HTTP test
			// file starts its own server on its own port and temporary database, and most of their
			// time is spent waiting on it, so two at once finish sooner even on two cores.
			{
				extends: true,
				test: {
					name: 'unit',
					include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
					exclude: POSTGRES_FILES,
					environment: 'node',
					// The unit files share a worker's loaded modules instead of each loading them again:
					// 60 s → 39 s for the project here. None of them leaves state behind in a module.
					isolate: false,
					// Brute-force cross-checks and CLI runs take seconds; on a busy 2-core machine, more.
					testTimeout: 60_000,
					maxWorkers: PARALLEL_FILES,
					sequence: { groupOrder: 0 }
				}
			},
			{
				extends: true,
				test: {
					name: 'http',
					include: ['tests/api/**/*.test.ts', 'tests/security/**/*.test.ts'],
					exclude: [...TIMING_SENSITIVE, ...POSTGRES_FILES],
					environment: 'node',
					testTimeout: 60_000,
					hookTimeout: 120_000,
					maxWorkers: PARALLEL_FILES,
					sequence: { groupOrder: 0 }
				}
			},
			// The HTTP suites again with every server on PostgreSQL (a database of the run's cluster
			// each), but for the files that read or break a server's SQLite file themselves.
			{
				extends: true,
				test: {
					name: 'http-postgres',
					include: ['tests/api/**/*.test.ts', 'tests/security/**/*.test.ts'],
					exclude: [...TIMING_SENSITIVE, ...POSTGRES_FILES, ...SQLITE_FILE_TESTS],
					environment: 'node',
					globalSetup: ['tests/helpers/postgres-global.ts'],
					provide: { serverStore: 'postgres' },
					testTimeout: 60_000,
					hookTimeout: 120_000,
					maxWorkers: PARALLEL_FILES,
					sequence: { groupOrder: 0 }
				}
			},
			// Beside them, the files that need PostgreSQL. The cluster (initdb, start, PostGIS: about
			// two seconds) is started once for the run, and only when one of these files runs; each
			// file copies a database of its own from a template that has PostGIS.
			{
				extends: true,
				test: {
					name: 'postgres',
					include: ['src/**/*.pg.test.ts', 'scripts/**/*.pg.test.ts', 'tests/**/*.pg.test.ts'],
					environment: 'node',
					globalSetup: ['tests/helpers/postgres-global.ts'],
					testTimeout: 60_000,
					hookTimeout: 120_000,
					maxWorkers: PARALLEL_FILES,
					sequence: { groupOrder: 0 }
				}
			},
			// Then the browser tests, two files at a time: each drives one Chromium against a server of
			// its own, and a file alone keeps the two cores less than a third busy (most of it waiting on
			// pages and the map). Beside them the crash suite (SQLite): it kills and restarts servers and
			// checks what they stored, and nothing in it is timed.
			{
				extends: true,
				test: {
					name: 'browser',
					include: ['tests/browser/**/*.test.ts', 'tests/safety/crash.test.ts'],
					exclude: POSTGRES_FILES,
					environment: 'node',
					testTimeout: 60_000,
					hookTimeout: 120_000,
					maxWorkers: PARALLEL_FILES,
					sequence: { groupOrder: 1 }
				}
			},
			// Last, one file at a time with nothing beside them: the fault, shutdown, backup and
			// concurrency suites, the tests that time the server, and the one that builds the app beside
			// a running server (tests/workflow).
			{
				extends: true,
				test: {
					name: 'integration',
					include: ['tests/safety/**/*.test.ts', 'tests/fault/**/*.test.ts', 'tests/workflow/**/*.test.ts', ...TIMING_SENSITIVE],
					exclude: [...POSTGRES_FILES, 'tests/safety/crash.test.ts'],
					environment: 'node',
					testTimeout: 60_000,
					hookTimeout: 120_000,
					fileParallelism: false,
					sequence: { groupOrder: 2 }
				}
			},
			// The concurrency contract over HTTP again, on PostgreSQL's row locks.
			{
				extends: true,
				test: {
					name: 'integration-postgres',
					include: ['tests/safety/concurrency-http.test.ts'],
					environment: 'node',
					globalSetup: ['tests/helpers/postgres-global.ts'],
					provide: { serverStore: 'postgres' },
					testTimeout: 60_000,
					hookTimeout: 120_000,
					fileParallelism: false,
					sequence: { groupOrder: 2 }
				}
			}
		]
	}
});
