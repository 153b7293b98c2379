// Plain JavaScript so that `node scripts/check-chromium.js` can use it before anything is built;
// the server (report PDF), the browser tests and the map benchmark import the same module.
import { existsSync } from 'node:fs';

/** Where Chromium is: CHROMIUM_PATH, else Debian's /usr/bin/chromium. @returns {string | undefined} */
export function chromiumPath() {
	const candidates = /** @type {string[]} */ ([process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean));
	return candidates.find((p) => existsSync(p));
}

export const INSTALL_HINT =
	'This needs Chromium. Install it with `sudo apt-get install -y chromium` (Debian/Ubuntu), ' +
	'or point CHROMIUM_PATH at a Chromium or Chrome binary. Test tools must not download their own browser.';

/** Headless on a machine with no GPU and no outside network (see TOOLCHAIN notes): software WebGL, no background traffic. */
export const CHROMIUM_ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--enable-unsafe-swiftshader'
];
