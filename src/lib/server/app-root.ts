/**
 * The application's root folder (where package.json, drizzle/ and data/ live), found from this
 * module's own location so the built server works whatever the current directory is.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findAppRoot(): string {
	if (process.env.SANIMAP_ROOT) return process.env.SANIMAP_ROOT;
	let dir = dirname(fileURLToPath(import.meta.url));
	for (;;) {
		const pkg = join(dir, 'package.json');
		if (existsSync(pkg) && JSON.parse(readFileSync(pkg, 'utf8')).name === 'sanimap') return dir;
		const parent = dirname(dir);
		if (parent === dir) return process.cwd();
		dir = parent;
	}
}

export const appRoot = findAppRoot();
