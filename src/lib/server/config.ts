/**
 * Server configuration from the environment, read once. Every limit is named in the error a
 * caller gets when it is exceeded.
 */
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { appRoot } from './app-root';

const int = (name: string, fallback: number): number => {
	const raw = process.env[name];
	const n = raw === undefined || raw === '' ? NaN : Number(raw);
	return Number.isFinite(n) && n > 0 ? n : fallback;
};

export const config = {
	/** SQLite file; created, migrated and seeded on first start. */
	databasePath: resolve(appRoot, process.env.DATABASE_URL?.replace(/^file:/, '') || 'var/sanimap.db'),
	/** Largest request body accepted by the JSON API, bytes (SANIMAP_MAX_BODY_BYTES). */
	maxBodyBytes: int('SANIMAP_MAX_BODY_BYTES', 5 * 1024 * 1024),
	/** Most vertices a submitted geometry may have (SANIMAP_MAX_VERTICES). */
	maxVertices: int('SANIMAP_MAX_VERTICES', 100_000),
	/** Largest file an import accepts, bytes (SANIMAP_MAX_UPLOAD_BYTES); refused by size before it is read. */
	maxUploadBytes: int('SANIMAP_MAX_UPLOAD_BYTES', 50 * 1024 * 1024),
	/** Most bytes a zipped upload may unpack to (SANIMAP_MAX_UNZIPPED_BYTES); checked before inflating. */
	maxUnzippedBytes: int('SANIMAP_MAX_UNZIPPED_BYTES', 200 * 1024 * 1024),
	/** Most rows or features one imported file may have (SANIMAP_MAX_IMPORT_FEATURES). */
	maxImportFeatures: int('SANIMAP_MAX_IMPORT_FEATURES', 200_000),
	/** Optional online raster basemap, an XYZ URL template with {z}/{x}/{y}; empty: the offline basemap. */
	basemapUrl: process.env.SANIMAP_BASEMAP_URL ?? '',
	basemapAttribution: process.env.SANIMAP_BASEMAP_ATTRIBUTION ?? '© OpenStreetMap contributors',
	/** Whether to seed the demo community into a new database (SANIMAP_SEED=none to start empty). */
	seedDemo: (process.env.SANIMAP_SEED ?? 'demo') !== 'none',
	/**
	 * Whether to build the cluster indexes of big point layers when the server starts
	 * (SANIMAP_PREBUILD_CLUSTERS=false leaves each to its layer's first low-zoom tile).
	 */
	prebuildClusters: process.env.SANIMAP_PREBUILD_CLUSTERS !== 'false',
	/**
	 * Worker threads for analyses, reports and exports (SANIMAP_ANALYSIS_WORKERS): that many run at
	 * once, off the thread that answers requests. Default: one core left for the rest, at most 4.
	 */
	analysisWorkers: int('SANIMAP_ANALYSIS_WORKERS', Math.min(4, Math.max(1, availableParallelism() - 1))),
	dataDir: resolve(appRoot, 'data'),
	migrationsDir: resolve(appRoot, 'drizzle')
};
