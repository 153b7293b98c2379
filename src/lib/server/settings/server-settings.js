// Plain JavaScript so that scripts/start.js (`npm start`) checks the settings before it builds or
// imports the server; the server checks them again with this same code (config.ts, hooks.server.ts).
/**
 * Every setting the server reads from its environment, checked in one place when it starts. A
 * setting the app cannot use is a problem naming the setting, its value and what it accepts; the
 * server refuses to start on any, the command line on those it reads itself. An unset or empty
 * setting takes its default.
 *
 * A new setting is one `read` line here with a validator from validators.js (or a new one there).
 */
import { existsSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../auth/password-rules.js';
import { classifyDatabaseUrl, maskUrlPassword } from './database-url.js';
import { folderPath, hostName, httpOrigin, ianaTimeZone, instantWithOffset, oneOf, text, tileUrlTemplate, trueOrFalse, wholeNumber } from './validators.js';

/**
 * @typedef {object} SettingProblem
 * @property {string} name
 * @property {string} shown The value as it may be shown: secrets by their length only, passwords in URLs masked.
 * @property {string} message
 * @property {boolean} serverOnly Only the server reads it; the command line ignores it.
 */
/** @typedef {Readonly<Record<string, string | undefined>>} Env */
/** @typedef {{ serverOnly?: boolean; secret?: boolean; show?: (raw: string) => string }} ReadOptions */
/** @template T @typedef {import('./validators.js').Validator<T>} Validator */

const MB = 1024 * 1024;

/** @param {string} path @returns {'folder' | 'file' | 'none'} */
const pathKind = (path) => (!existsSync(path) ? 'none' : statSync(path).isDirectory() ? 'folder' : 'file');

/** @param {string} appRoot @returns {Validator<string>} */
/** @param {string} appRoot @returns {Validator<import('../store/target').StoreTarget>} */
const storeTarget = (appRoot) => (raw) => {
	const target = classifyDatabaseUrl(raw, appRoot);
	const accepts = 'a SQLite file path (var/sanimap.db), file:… or sqlite:…, or a postgres://user:password@host:port/database URL';
	if (target.store === 'unknown') return { ok: false, accepts, reason: `it is a ${target.scheme}:// URL, a store sanimap does not know; give ${accepts}` };
	if (target.store === 'postgres') return { ok: true, value: { store: 'postgres', url: target.url } };
	return pathKind(target.path) === 'folder' ? { ok: false, accepts, reason: `it names a folder; give ${accepts}` } : { ok: true, value: { store: 'sqlite', path: target.path } };
};

/**
 * @param {string} appRoot @param {import('../store/target').StoreTarget} primary
 * @returns {Validator<{ store: 'postgres'; url: string }>}
 */
const replicaTarget = (appRoot, primary) => (raw) => {
	const accepts = 'a postgres://user:password@host:port/database URL of a streaming replica of DATABASE_URL';
	if (primary.store !== 'postgres') return { ok: false, accepts, reason: 'a read replica needs DATABASE_URL to be a PostgreSQL database; a SQLite file has none' };
	const target = classifyDatabaseUrl(raw, appRoot);
	return target.store === 'postgres' ? { ok: true, value: { store: 'postgres', url: target.url } } : { ok: false, accepts };
};

/** @type {Validator<string>} */
const password = (raw) =>
	raw.length >= MIN_PASSWORD_LENGTH && raw.length <= MAX_PASSWORD_LENGTH ? { ok: true, value: raw } : { ok: false, accepts: `a password of ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters` };

/** @type {Validator<string>} */
const appFolder = (raw) => (existsSync(join(raw, 'drizzle')) ? { ok: true, value: raw } : { ok: false, accepts: 'the folder sanimap is installed in (the one with package.json and drizzle/)' });

/** Reads settings one at a time, keeping every problem rather than stopping at the first. */
class SettingsReader {
	/** @param {Env} env */
	constructor(env) {
		this.env = env;
		/** @type {SettingProblem[]} */
		this.problems = [];
	}

	/**
	 * @template T, F
	 * @param {string} name @param {F} fallback @param {Validator<T>} check @param {ReadOptions} [options]
	 * @returns {T | F}
	 */
	read(name, fallback, check, options = {}) {
		const raw = this.env[name]?.trim();
		if (raw === undefined || raw === '') return fallback;
		const checked = check(raw);
		if (checked.ok) return checked.value;
		const shown = options.secret ? `(${raw.length} characters, not shown)` : JSON.stringify((options.show ?? ((s) => s))(raw));
		this.problems.push({ name, shown, serverOnly: options.serverOnly ?? false, message: `${name} is ${shown}: ${checked.reason ?? `it must be ${checked.accepts}`}.` });
		return fallback;
	}
}

/** @param {Env} env @param {string} appRoot */
export function readSettings(env, appRoot) {
	const s = new SettingsReader(env);
	const server = { serverOnly: true };
	// The app's folder (set by scripts/start.js), already used by app-root.ts: only checked here.
	s.read('SANIMAP_ROOT', undefined, appFolder);
	/** @type {import('../store/target').StoreTarget} */
	const database = s.read('DATABASE_URL', { store: 'sqlite', path: resolve(appRoot, 'var/sanimap.db') }, storeTarget(appRoot), { ...server, show: maskUrlPassword });
	/** @type {{ store: 'postgres'; url: string } | undefined} */
	const readDatabase = s.read('DATABASE_READ_URL', undefined, replicaTarget(appRoot, database), { ...server, show: maskUrlPassword });
	const values = {
		/** Where the server listens; unset: adapter-node's own default (scripts/start.js sets 127.0.0.1 and 3000). */
		host: s.read('HOST', undefined, hostName, server),
		port: s.read('PORT', undefined, wholeNumber(1, 65535), server),
		/** The public address (ORIGIN): links in answers and the cross-site check. */
		origin: s.read('ORIGIN', undefined, httpOrigin, server),
		/** The store: a SQLite file, or a PostgreSQL database; created (the file), migrated and seeded on first start. */
		database,
		/** A streaming replica of that PostgreSQL database for the reads that may lag (map items, tiles, analyses, reports). */
		readDatabase,
		/** Whether to seed the demo community into a new database (SANIMAP_SEED=none to start empty). */
		/** The project's time zone (SANIMAP_TIME_ZONE): every period is cut in it, every date shown is of it. */
		timeZone: s.read('SANIMAP_TIME_ZONE', 'Asia/Shanghai', ianaTimeZone),
		/** For tests and demos (SANIMAP_NOW): the instant the server's clock starts at, ms; undefined: the machine's clock. */
		startsAt: s.read('SANIMAP_NOW', /** @type {number | undefined} */ (undefined), instantWithOffset),
		seedDemo: s.read('SANIMAP_SEED', 'demo', oneOf(['demo', 'none']), server) === 'demo',
		/** Largest request body accepted by the JSON API, bytes (SANIMAP_MAX_BODY_BYTES). */
		maxBodyBytes: s.read('SANIMAP_MAX_BODY_BYTES', 5 * MB, wholeNumber(1, undefined, 'bytes'), server),
		/** Most vertices a submitted geometry may have (SANIMAP_MAX_VERTICES). */
		maxVertices: s.read('SANIMAP_MAX_VERTICES', 100_000, wholeNumber(1, undefined, 'vertices')),
		/** Largest file an import accepts, bytes (SANIMAP_MAX_UPLOAD_BYTES); refused by size before it is read. */
		maxUploadBytes: s.read('SANIMAP_MAX_UPLOAD_BYTES', 50 * MB, wholeNumber(1, undefined, 'bytes')),
		/** Most bytes a zipped upload may unpack to (SANIMAP_MAX_UNZIPPED_BYTES); checked before inflating. */
		maxUnzippedBytes: s.read('SANIMAP_MAX_UNZIPPED_BYTES', 200 * MB, wholeNumber(1, undefined, 'bytes')),
		/** Most rows or features one imported file may have (SANIMAP_MAX_IMPORT_FEATURES). */
		maxImportFeatures: s.read('SANIMAP_MAX_IMPORT_FEATURES', 200_000, wholeNumber(1, undefined, 'features')),
		/** Optional online raster basemap, an XYZ URL template with {z}/{x}/{y}; empty: the offline basemap. */
		basemapUrl: s.read('SANIMAP_BASEMAP_URL', '', tileUrlTemplate, server),
		basemapAttribution: s.read('SANIMAP_BASEMAP_ATTRIBUTION', '© OpenStreetMap contributors', text(500), server),
		/** Layers with more features than this reach the map page as vector tiles (SANIMAP_TILE_THRESHOLD). */
		tileThreshold: s.read('SANIMAP_TILE_THRESHOLD', 20_000, wholeNumber(0, undefined, 'features'), server),
		/** Whether to build the cluster indexes of big point layers when the server starts (false: at each layer's first low-zoom tile). */
		prebuildClusters: s.read('SANIMAP_PREBUILD_CLUSTERS', true, trueOrFalse, server),
		/** SQLite's page cache per connection, MB (SANIMAP_CACHE_MB). */
		cacheMb: s.read('SANIMAP_CACHE_MB', 128, wholeNumber(1, 1_000_000, 'MB')),
		/** `FULL` syncs the WAL on every commit (SANIMAP_SYNCHRONOUS). */
		synchronous: s.read('SANIMAP_SYNCHRONOUS', /** @type {'NORMAL'} */ ('NORMAL'), oneOf(/** @type {const} */ (['NORMAL', 'FULL']))),
		/** How long a write waits for another process's lock, ms (SANIMAP_BUSY_TIMEOUT_MS). */
		busyTimeoutMs: s.read('SANIMAP_BUSY_TIMEOUT_MS', 5000, wholeNumber(0, 2_147_483_647, 'milliseconds')),
		/** The first administrator's password; unset: one is generated and printed once. */
		adminPassword: s.read('SANIMAP_ADMIN_PASSWORD', undefined, password, { ...server, secret: true }),
		/** Reads need no account unless SANIMAP_PUBLIC_READ=false; writes always do. */
		publicRead: s.read('SANIMAP_PUBLIC_READ', true, trueOrFalse, server),
		/** Where photo files live (SANIMAP_PHOTO_DIR, relative to the current folder); default `photos/` beside the database. */
		photoDir: resolve(s.read('SANIMAP_PHOTO_DIR', database.store === 'sqlite' ? join(dirname(database.path), 'photos') : resolve(appRoot, 'var/photos'), folderPath((p) => pathKind(resolve(p))), server)),
		/**
		 * Where the analyses' kept states are saved for the next start (SANIMAP_STATE_DIR, relative to
		 * the current folder): a cache, rebuilt when missing; default `analysis-state/` beside the database.
		 */
		stateDir: resolve(s.read('SANIMAP_STATE_DIR', database.store === 'sqlite' ? join(dirname(database.path), 'analysis-state') : resolve(appRoot, 'var/analysis-state'), folderPath((p) => pathKind(resolve(p))), server)),
		/** Largest photo upload, bytes (SANIMAP_MAX_PHOTO_BYTES). */
		maxPhotoBytes: s.read('SANIMAP_MAX_PHOTO_BYTES', 8 * MB, wholeNumber(1, undefined, 'bytes'), server),
		/** The built server scripts/start.js runs (SANIMAP_BUILD_DIR, relative to the app's folder). */
		buildDir: resolve(appRoot, s.read('SANIMAP_BUILD_DIR', 'build', folderPath((p) => pathKind(resolve(appRoot, p))), server)),
		/**
		 * Worker threads for analyses, reports and exports (SANIMAP_ANALYSIS_WORKERS): that many run at
		 * once, off the thread that answers requests. Default: one core left for the rest, at most 4.
		 */
		analysisWorkers: s.read('SANIMAP_ANALYSIS_WORKERS', Math.min(4, Math.max(1, availableParallelism() - 1)), wholeNumber(1, 64, 'workers'), server),
		dataDir: resolve(appRoot, 'data'),
		migrationsDir: resolve(appRoot, database.store === 'sqlite' ? 'drizzle' : 'drizzle-pg')
	};
	return { values, problems: s.problems };
}

/** @typedef {ReturnType<typeof readSettings>['values']} Settings */

/** What the server prints when it refuses to start. @param {readonly SettingProblem[]} problems */
export function describeSettingProblems(problems) {
	const lines = problems.map((p) => `sanimap: ${p.message}`);
	return `${lines.join('\n')}\nsanimap: not started: ${problems.length === 1 ? 'this setting' : `these ${problems.length} settings`} cannot be used (see the configuration table in README.md).\n`;
}
