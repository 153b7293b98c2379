/**
 * Builds the demo community (data/demo/*.geojson and data/README.md) from the shared OpenStreetMap
 * extract. Usage: npx tsx scripts/build-demo-data.ts [extract-dir]  (or npm run seed:build)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_EXTRACT } from './demo-data/constants';
import { buildDemoData } from './demo-data/build';
import { extractExists, readOsmExtract } from './demo-data/osm';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function main(): void {
	const dir = resolve(REPO_ROOT, process.argv[2] ?? DEFAULT_EXTRACT);
	if (!extractExists(dir)) {
		console.error(`No OSM extract at ${dir} (expected roads, shops, zones, buildings and streams .geojson).`);
		process.exit(2);
	}
	const { files } = buildDemoData(readOsmExtract(dir));
	for (const [path, text] of Object.entries(files)) {
		const target = resolve(REPO_ROOT, path);
		mkdirSync(dirname(target), { recursive: true });
		writeFileSync(target, text);
		console.log(`${path}  ${Buffer.byteLength(text)} bytes`);
	}
}

// Only when run as a script, so tests can import REPO_ROOT without writing files.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
