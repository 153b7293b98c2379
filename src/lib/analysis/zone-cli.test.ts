/** The `zones` command run in a child process through the CLI entry point, as `npm run --silent cli -- zones …` does. */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const FIXTURES = 'src/lib/analysis/fixtures/zones/';

function cli(...args: string[]) {
	// What `npm run --silent cli` runs (tsx src/cli/main.ts), without npm's second of start-up per call.
	const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'zones', ...args], { cwd: ROOT, encoding: 'utf8' });
	return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('zones CLI', { timeout: 60_000 }, () => {
	it('prints zones with id, name, count and perKm2, and the outside count', () => {
		const run = cli('--points', `${FIXTURES}points.geojson`, '--zones', `${FIXTURES}zones.geojson`);
		expect(run.status).toBe(0);
		const out = JSON.parse(run.stdout);
		expect(out.outside).toBe(3);
		expect(out.zones.map((z: Record<string, unknown>) => [z.id, z.count])).toEqual([['a', 5], ['b', 1], [2, 2], ['d', 2]]);
		for (const z of out.zones) expect(Object.keys(z)).toEqual(expect.arrayContaining(['id', 'name', 'count', 'perKm2']));
		expect(out.zones[0].name).toBe('A: square with a hole');
		expect(out.zones[0].perKm2).toBeGreaterThan(0);
	});

	it('excludes every undated point when a date range is given', () => {
		// The fixture points carry no reportedAt: with a range none is counted, inside or outside.
		const run = cli('--points', `${FIXTURES}points.geojson`, '--zones', `${FIXTURES}zones.geojson`, '--from', '2024-01-01', '--to', '2025-01-01');
		expect(run.status).toBe(0);
		const out = JSON.parse(run.stdout);
		expect(out.zones.every((z: { count: number }) => z.count === 0)).toBe(true);
		expect(out.outside).toBe(0);
		expect(out.excludedByDate).toBe(13);
	});

	it('exits 2 with a message on a missing file, a bad date or an inverted range', () => {
		for (const args of [
			['--points', `${FIXTURES}missing.geojson`, '--zones', `${FIXTURES}zones.geojson`],
			['--points', `${FIXTURES}points.geojson`, '--zones', `${FIXTURES}zones.geojson`, '--from', '1 May 2024'],
			['--points', `${FIXTURES}points.geojson`, '--zones', `${FIXTURES}zones.geojson`, '--from', '2024-06-01', '--to', '2024-05-01'],
			['--zones', `${FIXTURES}zones.geojson`]
		]) {
			const run = cli(...args);
			expect(run.status, args.join(' ')).toBe(2);
			expect(run.stderr).toMatch(/^error: /);
			expect(run.stdout).toBe('');
		}
	});
});
