#!/usr/bin/env node
// `npm test` starts here: fail early, with the fix, when there is no Chromium for the browser tests.
import { chromiumPath, INSTALL_HINT } from '../src/lib/server/chromium.js';

if (!chromiumPath()) {
	console.error(`sanimap: no Chromium found.\n${INSTALL_HINT}`);
	process.exit(1);
}
