import { existsSync } from 'node:fs';

/** Where the browser tests find Chromium: CHROMIUM_PATH, else Debian's /usr/bin/chromium. */
/** @returns {string | undefined} */
export function chromiumPath() {
	const candidates = /** @type {string[]} */ ([process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean));
	return candidates.find((p) => existsSync(p));
}

export const INSTALL_HINT =
	'The browser tests need Chromium. Install it with `sudo apt-get install -y chromium` (Debian/Ubuntu), ' +
	'or point CHROMIUM_PATH at a Chromium or Chrome binary. Test tools must not download their own browser.';
