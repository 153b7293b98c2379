#!/usr/bin/env node
// `npm test` checks this after Chromium: fail early, with the fix, when there is no PostgreSQL for the store tests.
import { postgisInstalled, postgresBinDir, POSTGRES_INSTALL_HINT } from './postgres-cluster.js';

const bin = postgresBinDir();
if (!bin) {
	console.error(`sanimap: no PostgreSQL found.\n${POSTGRES_INSTALL_HINT}`);
	process.exit(1);
}
if (!postgisInstalled(bin)) {
	console.error(`sanimap: PostgreSQL is there (${bin}) but PostGIS is not.\n${POSTGRES_INSTALL_HINT}`);
	process.exit(1);
}
