/** The `hardening` command run in a child process through the CLI entry point, as `npm run --silent cli -- hardening …` does. */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const FIXTURES = 'src/lib/analysis/fixtures/hardening/';
const HELSINKI = 'tests/fixtures/osm/helsinki_centre/';

function cli(...args: string[]) {
	// What `npm run --silent cli` runs (tsx src/cli/main.ts), without npm's second of start-up per call.
	const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'hardening', ...args], { cwd: ROOT, encoding: 'utf8' });
	return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('hardening CLI', { timeout: 60_000 }, () => {
	it('prints the overall figures and per-zone figures under the agreed names', () => {
		const run = cli('--roads', `${FIXTURES}roads.geojson`, '--zones', `${FIXTURES}zones.geojson`);
		expect(run.status).toBe(0);
		const out = JSON.parse(run.stdout);
		for (const key of ['lengthM', 'hardenedLengthM', 'unhardenedLengthM', 'unknownLengthM', 'ratePct', 'hardenedAreaM2', 'zones']) expect(out).toHaveProperty(key);
		expect(out.ratePct).toBe(50);
		expect(out.zones.map((z: Record<string, unknown>) => [z.id, z.ratePct])).toEqual([['square', 40], ['east', 54.55]]);
		for (const z of out.zones) expect(Object.keys(z)).toEqual(expect.arrayContaining(['id', 'name', 'lengthM', 'hardenedLengthM', 'ratePct']));
	});

	it('runs on the Helsinki extract without zones', () => {
		const run = cli('--roads', `${HELSINKI}roads.geojson`);
		expect(run.status).toBe(0);
		const out = JSON.parse(run.stdout);
		expect(out.zones).toEqual([]);
		expect(out.ratePct).toBeGreaterThan(99);
		expect(out.roadsCounted + out.roadsSkipped).toBe(2417);
	});

	it('prints a null rate when no road has a known surface', () => {
		// The zones file has no roads at all, so nothing is known.
		const out = JSON.parse(cli('--roads', `${FIXTURES}zones.geojson`).stdout);
		expect(out).toMatchObject({ lengthM: 0, ratePct: null, roadsCounted: 0, roadsSkipped: 2 });
	});

	it('exits 2 with a message on a missing file or a missing --roads', () => {
		for (const args of [['--roads', `${FIXTURES}missing.geojson`], ['--zones', `${FIXTURES}zones.geojson`], ['--roads', `${FIXTURES}roads.geojson`, '--zones', `${FIXTURES}none.geojson`]]) {
			const run = cli(...args);
			expect(run.status, args.join(' ')).toBe(2);
			expect(run.stderr).toMatch(/^error: /);
		}
	});
});
