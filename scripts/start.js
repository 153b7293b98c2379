#!/usr/bin/env node
/**
 * `npm start`: builds the app when there is no build yet (or the sources are newer), then serves
 * it. The database is created, migrated and seeded by the server itself on first start.
 */
import { existsSync, statSync, readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(root, process.env.SANIMAP_BUILD_DIR ?? 'build', 'index.js');

function newestMtime(dir) {
	let newest = 0;
	for (const entry of readdirSync(dir, { withFileTypes: true })) {
		const p = join(dir, entry.name);
		newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
	}
	return newest;
}

const stale = !existsSync(entry) || newestMtime(join(root, 'src')) > statSync(entry).mtimeMs;
if (stale) {
	console.log('sanimap: building the app (first start or changed sources)…');
	const result = spawnSync('npx', ['vite', 'build'], { cwd: root, stdio: 'inherit' });
	if (result.status !== 0) process.exit(result.status ?? 1);
}

process.env.HOST ??= '127.0.0.1';
process.env.PORT ??= '3000';
// Our API enforces its own, named body limit (SANIMAP_MAX_BODY_BYTES) with a JSON error; the
// adapter's generic limit is set above it so ours is the one a caller meets.
process.env.BODY_SIZE_LIMIT ??= String(256 * 1024 * 1024);
process.env.SANIMAP_ROOT ??= root;
// Links in API answers and the cross-site check use this origin; set ORIGIN when the app is
// reached under another name (a LAN address, a proxy).
process.env.ORIGIN ??= `http://${process.env.HOST === '0.0.0.0' ? '127.0.0.1' : process.env.HOST}:${process.env.PORT}`;

await import(pathToFileURL(entry).href);
