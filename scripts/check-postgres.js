#!/usr/bin/env node
// `npm test` checks this after Chromium: fail early, with the fix, when there is no PostgreSQL for the store tests.
import { postgresBinDir, POSTGRES_INSTALL_HINT } from './postgres-cluster.js';

if (!postgresBinDir()) {
	console.error(`sanimap: no PostgreSQL found.\n${POSTGRES_INSTALL_HINT}`);
	process.exit(1);
}
