/**
 * `npm run bench`: every benchmark, one after the other, each printing one JSON line per figure
 * (`{"bench","scale","metric","value","unit","baseline","baselineValue","ratio", …}`) on stdout.
 * Small by default so it runs in CI time; `npm run bench -- --scale 1` for the full city
 * (expect an hour or more on two cores, most of it building the city once and the naive map page).
 *
 *   npm run bench [-- --scale 0.01] [--only writes,map] [--postgis] [--hardware-webgl] [--store postgres]
 *
 * `--store postgres` runs the writes, map and analysis benchmarks a second time with the app on
 * PostgreSQL + PostGIS (a private cluster each starts itself, the same synthetic city moved in), right
 * after their SQLite run, and the writes one once more with two app servers on that database; every
 * figure line names its store.
 *
 * The map, writes and analysis benchmarks need a build (`npx vite build`; SANIMAP_BUILD_DIR picks
 * another folder) and the map one Chromium. A benchmark that fails is reported on stderr and in a
 * `{"bench", "metric": "failed"}` line; the others still run, and the exit code is 1.
 */
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { scale: { type: 'string' }, only: { type: 'string' }, postgis: { type: 'boolean' }, 'hardware-webgl': { type: 'boolean' }, store: { type: 'string' } } });
const store = values.store ?? 'sqlite';
if (store !== 'sqlite' && store !== 'postgres') throw new Error(`--store must be sqlite or postgres, got ${store}`);
const scale = values.scale ?? '0.01';
if (!(Number(scale) > 0)) throw new Error(`--scale must be a positive number, got ${scale}`);
const full = Number(scale) >= 0.5;

/** Each benchmark with its arguments at this scale. The older ones take their own size options. */
const BENCHES: { name: string; file: string; args: string[] }[] = [
	{ name: 'viewport', file: 'bench/viewport.ts', args: ['--count', String(Math.max(1_000, Math.round(200_000 * Number(scale)))), '--queries', full ? '300' : '50'] },
	{ name: 'coverage', file: 'bench/coverage.ts', args: ['--scale', scale] },
	{ name: 'zones', file: 'bench/zones.ts', args: ['--scale', scale] },
	{ name: 'city', file: 'bench/city/main.ts', args: ['--scale', scale] },
	{ name: 'writes', file: 'bench/writes.ts', args: ['--scale', scale, '--duration', full ? '30' : '10'] },
	{ name: 'map', file: 'bench/map.ts', args: ['--scale', scale, ...(values['hardware-webgl'] ? ['--hardware-webgl'] : []), ...(full ? [] : ['--tile-samples', '40'])] },
	{ name: 'analysis-http', file: 'bench/analysis-http.ts', args: ['--scale', scale, ...(values.postgis ? ['--postgis'] : [])] }
];

/** The benchmarks that run the app on a store, again on PostgreSQL after SQLite. */
const ON_POSTGRES: Record<string, string[][]> = { writes: [['--store', 'postgres'], ['--store', 'postgres', '--servers', '2']], map: [['--store', 'postgres']], 'analysis-http': [['--store', 'postgres']] };
const runs = BENCHES.flatMap((b) => [b, ...(store === 'postgres' ? (ON_POSTGRES[b.name] ?? []).map((extra) => ({ ...b, args: [...b.args, ...extra] })) : [])]);

const only = values.only ? new Set(values.only.split(',')) : null;
let failed = 0;
for (const b of runs) {
	if (only && !only.has(b.name)) continue;
	console.error(`bench: ${b.name} ${b.args.join(' ')}`);
	// The full city needs more than Node's default heap (a million features in memory at once).
	const result = spawnSync(process.execPath, ['--max-old-space-size=12000', '--import', 'tsx', b.file, ...b.args], { stdio: ['ignore', 'pipe', 'inherit'] });
	const out = result.stdout?.toString() ?? '';
	// Only the figure lines go to stdout; anything else a bench prints goes to stderr.
	for (const line of out.split('\n')) {
		if (line.startsWith('{')) console.log(line);
		else if (line.trim()) console.error(line);
	}
	if (result.status !== 0) {
		failed++;
		console.log(JSON.stringify({ bench: b.name, scale: Number(scale), metric: 'failed', value: result.status, unit: 'exit code', baseline: null, baselineValue: null, ratio: null }));
	}
}
process.exit(failed > 0 ? 1 : 0);
