#!/usr/bin/env node
/**
 * `npm start`: checks the settings, builds the app when there is no build yet (or the sources are
 * newer), then serves it. The database is created, migrated and seeded by the server itself on
 * first start. A setting the app cannot use stops it here, before a build or a port is taken.
 */
import { existsSync, statSync, readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describeSettingProblems, readSettings } from '../src/lib/server/settings/server-settings.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function newestMtime(dir) {
	let newest = 0;
	for (const entry of readdirSync(dir, { withFileTypes: true })) {
		const p = join(dir, entry.name);
		newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
	}
	return newest;
}

process.env.HOST ||= '127.0.0.1';
process.env.PORT ||= '3000';
// Our API enforces its own, named body limit (SANIMAP_MAX_BODY_BYTES) with a JSON error; the
// adapter's generic limit is set above it so ours is the one a caller meets.
process.env.BODY_SIZE_LIMIT ||= String(256 * 1024 * 1024);
process.env.SANIMAP_ROOT ||= root;

const { values, problems } = readSettings(process.env, root);
if (problems.length > 0) {
	process.stderr.write(describeSettingProblems(problems));
	process.exitCode = 1;
} else {
	// Links in API answers and the cross-site check use this origin; set ORIGIN when the app is
	// reached under another name (a LAN address, a proxy).
	const host = ['0.0.0.0', '::'].includes(values.host ?? '') ? '127.0.0.1' : values.host;
	process.env.ORIGIN ||= `http://${host?.includes(':') ? `[${host}]` : host}:${values.port}`;

	const entry = join(values.buildDir, 'index.js');
	const stale = !existsSync(entry) || newestMtime(join(root, 'src')) > statSync(entry).mtimeMs;
	if (stale) {
		// Quietly: the build's hundreds of lines would bury the one a new user needs (the first
		// administrator's password). They are shown only when the build fails.
		console.log('sanimap: building the app (first start or changed sources; about a minute)…');
		const started = Date.now();
		const result = spawnSync('npx', ['vite', 'build', '--logLevel', 'error'], { cwd: root, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: { ...process.env, SANIMAP_BUILD_DIR: values.buildDir } });
		if (result.status !== 0) {
			process.stdout.write(result.stdout ?? '');
			process.stderr.write(result.stderr ?? '');
			console.error(`sanimap: the build failed${result.error ? `: ${result.error.message}` : ''}`);
			process.exit(result.status ?? 1);
		}
		console.log(`sanimap: built in ${Math.round((Date.now() - started) / 1000)} s`);
	}
	await import(pathToFileURL(entry).href);
}
