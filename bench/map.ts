/**
 * The map at city scale, in headless Chromium against the real built server.
 *
 * For the demo community and for the synthetic city (bench/city) it measures, in the same run:
 * - tiles on the server: response time of every tiled layer's z14 tiles over the city (cold, each
 *   tile once), beside the same areas as GeoJSON through `/items?bbox=` (time and bytes);
 * - the page: time from navigation to the map's `idle` event and bytes transferred (encoded
 *   sizes of every request, the map's workers included), tiled (`/`) beside the naive page that downloads
 *   every layer whole as GeoJSON (`/?naive`), each in a fresh browser profile;
 * - panning to a new district at z15 (3 km away): bytes and time until idle again;
 * - frame times of a scripted pan and zoom (requestAnimationFrame intervals).
 *
 * Software WebGL (SwiftShader) by default, as in the tests: compare ratios, not absolute frame
 * rates. `--hardware-webgl` drops the SwiftShader flags so that a machine with a GPU uses it.
 *
 *   npx tsx bench/map.ts [--scale 0.01] [--hardware-webgl] [--naive-timeout 180] [--skip-demo] [--tiles-only]
 *
 * `--store postgres` serves the synthetic city from PostgreSQL (lib/postgres-city.ts; the demo
 * community stays on SQLite). `--tiles-only` measures the server's tiles and skips the browser; `--skip-naive` skips the naive
 * page (at scale 1 it downloads ~600 MB of GeoJSON and does not reach idle in minutes).
 *
 * The server is warmed before the page runs: the tile timing builds each point layer's cluster
 * index (reported as cluster-index-build). Needs a build (`npx vite build`).
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { chromiumPath, INSTALL_HINT } from '../src/lib/server/chromium.js';
import { startServer, type RunningServer } from '../tests/helpers/server';
import { ensureCity } from './city/store';
import { cityOnPostgres } from './lib/postgres-city';
import pg from 'pg';
import { TILE_ATTRIBUTES } from '../src/lib/server/services/tiles/tile-properties';
import { percentile, printFigure } from './lib/timing';

const { values } = parseArgs({
	options: { scale: { type: 'string' }, 'hardware-webgl': { type: 'boolean' }, 'naive-timeout': { type: 'string' }, 'skip-demo': { type: 'boolean' }, 'tile-samples': { type: 'string' }, 'tiles-only': { type: 'boolean' }, 'skip-naive': { type: 'boolean' }, store: { type: 'string' } }
});
const STORE = values.store ?? 'sqlite';
if (STORE !== 'sqlite' && STORE !== 'postgres') throw new Error('--store must be sqlite or postgres');
const scale = Number(values.scale ?? 0.01);
const HARDWARE = values['hardware-webgl'] ?? false;
const NAIVE_TIMEOUT_MS = Number(values['naive-timeout'] ?? 180) * 1000;
const TILE_SAMPLES = Number(values['tile-samples'] ?? 200);
const bench = 'map';
const webgl = HARDWARE ? 'hardware' : 'swiftshader';

interface PageRun {
	idleMs: number | null;
	bytes: number;
	requests: number;
	pan?: { ms: number; bytes: number; requests: number };
	frames?: { p50: number; p95: number; count: number };
}

async function launch(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
	const executablePath = chromiumPath();
	if (!executablePath) throw new Error(INSTALL_HINT);
	const profile = mkdtempSync(join(tmpdir(), 'sanimap-bench-chromium-'));
	const args = ['--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
	// The tests' software WebGL; with --hardware-webgl the GPU (if any) draws instead.
	if (!HARDWARE) args.push('--disable-gpu', '--enable-unsafe-swiftshader');
	else args.push('--ignore-gpu-blocklist', '--enable-gpu-rasterization');
	const context = await chromium.launchPersistentContext(profile, { executablePath, headless: true, viewport: { width: 1280, height: 800 }, args });
	return {
		context,
		async close() {
			await context.close();
			rmSync(profile, { recursive: true, force: true });
		}
	};
}

/**
 * Counts bytes on the wire (encoded body + headers) of every finished request, resettable between
 * phases. Playwright reports the requests of the page's workers too, where MapLibre fetches tiles
 * (a CDP Network session on the page alone would miss them).
 */
async function byteCounter(page: Page) {
	const state = { bytes: 0, requests: 0 };
	page.on('requestfinished', async (request) => {
		const sizes = await request.sizes().catch(() => null);
		if (!sizes) return;
		state.bytes += sizes.responseBodySize + sizes.responseHeadersSize;
		state.requests++;
	});
	return { read: () => ({ ...state }), reset: () => ((state.bytes = 0), (state.requests = 0)) };
}

const idle = (page: Page, timeoutMs: number) =>
	page.evaluate(
		(ms) =>
			new Promise<boolean>((resolve) => {
				const map = (window as unknown as { __map: import('maplibre-gl').Map }).__map;
				const timer = setTimeout(() => resolve(false), ms);
				map.once('idle', () => {
					clearTimeout(timer);
					resolve(true);
				});
				map.triggerRepaint();
			}),
		timeoutMs
	);

async function runPage(server: RunningServer, naive: boolean, district: { a: [number, number]; b: [number, number] }): Promise<PageRun> {
	const browser = await launch();
	try {
		const page = await browser.context.newPage();
		// tsx compiles named inner functions with a `__name` helper that the page does not have.
		await page.addInitScript('window.__name = (f) => f');
		const counter = await byteCounter(page);
		const timeout = naive ? NAIVE_TIMEOUT_MS : 120_000;
		const t0 = performance.now();
		const loaded = await page.goto(`${server.url}/?test${naive ? '&naive' : ''}`, { waitUntil: 'domcontentloaded', timeout }).then(
			() => true,
			() => false
		);
		const ready = loaded && await page.waitForSelector('[data-map-ready="true"]', { timeout }).then(
			() => true,
			() => false
		);
		const idleOk = ready && (await idle(page, Math.max(1_000, timeout - (performance.now() - t0))).catch(() => false));
		const idleMs = idleOk ? performance.now() - t0 : null;
		const first = counter.read();
		const run: PageRun = { idleMs, bytes: first.bytes, requests: first.requests };
		if (!idleOk) return run;

		// A district at street zoom, then a new one 3 km away: what does moving there cost?
		await page.evaluate((c) => (window as unknown as { __map: import('maplibre-gl').Map }).__map.jumpTo({ center: c, zoom: 15 }), district.a);
		await idle(page, 60_000);
		counter.reset();
		const t1 = performance.now();
		await page.evaluate((c) => (window as unknown as { __map: import('maplibre-gl').Map }).__map.jumpTo({ center: c, zoom: 15 }), district.b);
		await idle(page, 60_000);
		const pan = counter.read();
		run.pan = { ms: performance.now() - t1, bytes: pan.bytes, requests: pan.requests };

		// Scripted pan and zoom over the district; frame intervals from requestAnimationFrame.
		const frames = await page.evaluate(async (c) => {
			const map = (window as unknown as { __map: import('maplibre-gl').Map }).__map;
			const times: number[] = [];
			let last = performance.now();
			let running = true;
			const tick = (t: number) => {
				times.push(t - last);
				last = t;
				if (running) requestAnimationFrame(tick);
			};
			requestAnimationFrame(tick);
			const step = (options: Parameters<typeof map.easeTo>[0]) => new Promise<void>((r) => map.once('moveend', () => r()) && map.easeTo({ ...options, duration: 1_500 }));
			await step({ center: [c[0] + 0.01, c[1]], zoom: 15 });
			await step({ center: [c[0] + 0.01, c[1] + 0.01], zoom: 16 });
			await step({ center: c, zoom: 13 });
			await step({ center: c, zoom: 15 });
			running = false;
			return times.slice(1);
		}, district.b);
		run.frames = { p50: percentile(frames, 50), p95: percentile(frames, 95), count: frames.length };
		return run;
	} finally {
		await browser.close();
	}
}

/** z14 tiles of every tiled layer across the bbox, cold, each once; the same areas as /items?bbox=. */
async function timeTiles(server: RunningServer, bbox: [number, number, number, number], target: string) {
	const info = (await (await fetch(`${server.url}/api/tiles`)).json()) as { layers: { collection: string; tiled: boolean; clusterMaxZoom: number | null }[] };
	const layers = info.layers.filter((l) => l.tiled);
	if (layers.length === 0) return;
	// Warm: the first low-zoom tile of a point layer builds its cluster index.
	for (const l of layers.filter((x) => x.clusterMaxZoom !== null)) {
		const [x, y] = tileOf((bbox[0] + bbox[2]) / 2, (bbox[1] + bbox[3]) / 2, 10);
		const t0 = performance.now();
		await (await fetch(`${server.url}/api/tiles/${l.collection}/10/${x}/${y}.pbf`)).arrayBuffer();
		printFigure({ bench, scale, target, metric: 'cluster-index-build', value: performance.now() - t0, unit: 'ms', layer: l.collection, note: 'first z10 tile of the layer, builds its supercluster index' });
	}
	const [x0, y1] = tileOf(bbox[0], bbox[1], 14), [x1, y0] = tileOf(bbox[2], bbox[3], 14);
	const all: [number, number][] = [];
	for (let x = x0; x <= x1; x++) for (let y = y0; y <= y1; y++) all.push([x, y]);
	// An even sample of the city's tiles, the same for every layer.
	const sample = all.filter((_, i) => i % Math.max(1, Math.floor(all.length / TILE_SAMPLES)) === 0).slice(0, TILE_SAMPLES);
	const tileMs: number[] = [], geoMs: number[] = [];
	let tileBytes = 0, geoBytes = 0;
	for (const l of layers) {
		for (const [x, y] of sample) {
			let t0 = performance.now();
			const tile = await (await fetch(`${server.url}/api/tiles/${l.collection}/14/${x}/${y}.pbf`)).arrayBuffer();
			tileMs.push(performance.now() - t0);
			tileBytes += tile.byteLength;
			const b = tileBounds(14, x, y);
			t0 = performance.now();
			const geo = await (await fetch(`${server.url}/api/collections/${l.collection}/items?bbox=${b.join(',')}&limit=10000`)).arrayBuffer();
			geoMs.push(performance.now() - t0);
			geoBytes += geo.byteLength;
		}
	}
	const common = { bench, store: target === 'city' ? STORE : 'sqlite', scale, target, tiles: tileMs.length, layers: layers.map((l) => l.collection).join(',') };
	const base = 'the same areas as GeoJSON (/items?bbox=)';
	if (server.databaseUrl && layers.some((l) => l.collection === 'road-segments')) await timeRoadTilesInDatabase(server, server.databaseUrl, sample, { ...common, layers: 'road-segments' });
	printFigure({ ...common, metric: 'tile-z14-p50', value: percentile(tileMs, 50), unit: 'ms', baseline: base, baselineValue: percentile(geoMs, 50) });
	printFigure({ ...common, metric: 'tile-z14-p95', value: percentile(tileMs, 95), unit: 'ms', baseline: base, baselineValue: percentile(geoMs, 95), target: '< 50' });
	printFigure({ ...common, metric: 'tile-z14-bytes-mean', value: tileBytes / tileMs.length / 1024, unit: 'KB', baseline: base, baselineValue: geoBytes / geoMs.length / 1024 });
}

/**
 * On PostgreSQL: the road layer's z15 tiles (not asked before, so the app's cache is cold) cut by
 * the app over HTTP beside the same tiles cut in the database by ST_AsMVT (the same attributes,
 * extent and buffer), asked directly. Roads only: point layers are clusters up to z14, which
 * ST_AsMVT does not make.
 */
async function timeRoadTilesInDatabase(server: RunningServer, url: string, sample: [number, number][], common: Record<string, unknown>) {
	const client = new pg.Client(url);
	await client.connect();
	const attributes = TILE_ATTRIBUTES.map((k) => `f.properties ->> '${k}' AS "${k}"`).join(', ');
	const query = `SELECT ST_AsMVT(t, 'road-segments', 4096, 'geom', 'id') AS tile FROM (
		SELECT f.id, ST_AsMVTGeom(ST_Transform(f.geometry, 3857), ST_TileEnvelope($1, $2, $3), 4096, 64, true) AS geom, ${attributes}
		FROM features f WHERE f.kind = 'roadSegment' AND f.deleted_at IS NULL AND f.geometry && ST_Transform(ST_TileEnvelope($1, $2, $3, margin => 64.0 / 4096), 4326)
	) t`;
	const appMs: number[] = [], databaseMs: number[] = [];
	let appBytes = 0, databaseBytes = 0;
	try {
		for (const [x, y] of sample) {
			let t0 = performance.now();
			appBytes += (await (await fetch(`${server.url}/api/tiles/road-segments/15/${2 * x}/${2 * y}.pbf`)).arrayBuffer()).byteLength;
			appMs.push(performance.now() - t0);
			t0 = performance.now();
			const { rows } = await client.query<{ tile: Buffer }>({ name: 'mvt', text: query, values: [15, 2 * x, 2 * y] });
			databaseMs.push(performance.now() - t0);
			databaseBytes += rows[0].tile.byteLength;
		}
	} finally {
		await client.end();
	}
	const base = 'ST_AsMVT in PostgreSQL, the same tiles, asked directly';
	printFigure({ ...common, metric: 'road-tile-z15-p50', value: percentile(appMs, 50), unit: 'ms', baseline: base, baselineValue: percentile(databaseMs, 50), tiles: appMs.length });
	printFigure({ ...common, metric: 'road-tile-z15-p95', value: percentile(appMs, 95), unit: 'ms', baseline: base, baselineValue: percentile(databaseMs, 95), tiles: appMs.length });
	printFigure({ ...common, metric: 'road-tile-z15-bytes-mean', value: appBytes / appMs.length / 1024, unit: 'KB', baseline: base, baselineValue: databaseBytes / databaseMs.length / 1024, tiles: appMs.length });
}

function tileOf(lon: number, lat: number, z: number): [number, number] {
	const n = 2 ** z;
	const rad = (lat * Math.PI) / 180;
	return [Math.floor(((lon + 180) / 360) * n), Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n)];
}

function tileBounds(z: number, x: number, y: number): number[] {
	const n = 2 ** z;
	const lat = (t: number) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * t) / n))) * 180) / Math.PI;
	return [(x / n) * 360 - 180, lat(y + 1), ((x + 1) / n) * 360 - 180, lat(y)];
}

async function measure(target: string, server: RunningServer, bbox: [number, number, number, number]) {
	await timeTiles(server, bbox, target);
	if (values['tiles-only']) return;
	const cx = (bbox[0] + bbox[2]) / 2, cy = (bbox[1] + bbox[3]) / 2;
	const dLon = 3_000 / (111_320 * Math.cos((cy * Math.PI) / 180));
	const district = { a: [cx, cy] as [number, number], b: [Math.min(bbox[2], cx + dLon), cy] as [number, number] };
	const tiled = await runPage(server, false, district);
	console.error(`map: ${target} tiled page ${JSON.stringify(tiled)}`);
	const naive: PageRun = values['skip-naive'] ? { idleMs: null, bytes: NaN, requests: 0 } : await runPage(server, true, district);
	console.error(`map: ${target} naive page ${JSON.stringify(naive)}`);
	const common = { bench, store: target === 'city' ? STORE : 'sqlite', scale, target, webgl };
	const naiveBase = 'every layer whole as GeoJSON (/?naive)';
	const naiveNote = values['skip-naive'] ? 'naive page not run (--skip-naive)' : naive.idleMs === null ? `naive page did not reach idle within ${NAIVE_TIMEOUT_MS / 1000} s` : undefined;
	printFigure({ ...common, metric: 'idle-ms', value: tiled.idleMs ?? NaN, unit: 'ms', baseline: naiveBase, baselineValue: naive.idleMs ?? NAIVE_TIMEOUT_MS, note: naiveNote, target: target === 'city' ? '< 3000' : undefined });
	printFigure({ ...common, metric: 'initial-bytes', value: tiled.bytes / 1024, unit: 'KB', baseline: naiveBase, baselineValue: naive.bytes / 1024, requests: tiled.requests, baselineRequests: naive.requests, note: naiveNote });
	if (tiled.pan) printFigure({ ...common, metric: 'pan-district-bytes', value: tiled.pan.bytes / 1024, unit: 'KB', baseline: naiveBase + ': its initial download', baselineValue: naive.bytes / 1024, ms: Math.round(tiled.pan.ms), requests: tiled.pan.requests, target: '< 500' });
	if (tiled.frames) printFigure({ ...common, metric: 'frame-ms-p50', value: tiled.frames.p50, unit: 'ms', baseline: naiveBase, baselineValue: naive.frames?.p50 ?? null, frames: tiled.frames.count });
	if (tiled.frames) printFigure({ ...common, metric: 'frame-ms-p95', value: tiled.frames.p95, unit: 'ms', baseline: naiveBase, baselineValue: naive.frames?.p95 ?? null, frames: tiled.frames.count });
}

const demoBbox: [number, number, number, number] = [116.345, 39.998, 116.36, 40.009];

if (!values['skip-demo']) {
	const demo = await startServer({ seed: true });
	try {
		const collections = (await (await fetch(`${demo.url}/api/collections`)).json()) as { collections: { extent: { spatial: { bbox: number[][] } }; id: string }[] };
		const zones = collections.collections.find((c) => c.id === 'zones')!.extent.spatial.bbox[0] as [number, number, number, number];
		await measure('demo', demo, zones ?? demoBbox);
	} finally {
		await demo.stop();
	}
}

const city = await ensureCity({ scale, log: (l) => console.error(l) });
const dir = mkdtempSync(join(tmpdir(), 'sanimap-bench-map-'));
try {
	const dbPath = join(dir, 'city.db');
	copyFileSync(city.dbPath, dbPath);
	// The threshold scales with the city, so a small city tiles the same layers the full one does.
	const onPostgres = STORE === 'postgres' ? await cityOnPostgres(dbPath, (l) => console.error(l)) : undefined;
	const server = await startServer({
		...(onPostgres ? { databaseUrl: onPostgres.url } : { dbPath }),
		startTimeoutMs: 300_000,
		env: { SANIMAP_TILE_THRESHOLD: String(Math.max(50, Math.round(20_000 * scale))) }
	});
	try {
		await measure('city', server, city.bbox);
	} finally {
		await server.stop();
		onPostgres?.stop();
	}
} finally {
	rmSync(dir, { recursive: true, force: true });
}
