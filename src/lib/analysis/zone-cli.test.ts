/** The `zones` command run in a child process through the CLI entry point, as `npm run --silent cli -- zones …` does. */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const FIXTURES = 'src/lib/analysis/fixtures/zones/';

function cli(...args: string[]) {
	return cliWith({}, ...args);
}

function cliWith(env: Record<string, string>, ...args: string[]) {
	// What `npm run --silent cli` runs (tsx src/cli/main.ts), without npm's second of start-up per call.
	const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'zones', ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, SANIMAP_TIME_ZONE: '', SANIMAP_NOW: '', ...env } });
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

	const november = (() => {
		const dir = mkdtempSync(join(tmpdir(), 'sanimap-zones-cli-'));
		const square = { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]] };
		const at = (reportedAt: string) => ({ type: 'Feature', properties: { reportedAt }, geometry: { type: 'Point', coordinates: [0.5, 0.5] } });
		const points = join(dir, 'points.geojson');
		const zones = join(dir, 'zones.geojson');
		// 15:59:59Z is 23:59:59 on 31 October in Beijing; 23:00Z is 07:00 on 1 November there.
		writeFileSync(points, JSON.stringify({ type: 'FeatureCollection', features: [at('2026-10-31T15:59:59Z'), at('2026-10-31T23:00:00Z')] }));
		writeFileSync(zones, JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', id: 'z', properties: { name: 'Z' }, geometry: square }] }));
		return ['--points', points, '--zones', zones, '--from', '2026-11-01', '--to', '2026-12-01', '--now', '2026-12-01T00:00:00Z'];
	})();

	it('reads dates in the project time zone: 07:00 on 1 November in Beijing counts in November', () => {
		const counted = (run: ReturnType<typeof cli>) => (expect(run.status, run.stderr).toBe(0), JSON.parse(run.stdout));
		expect(counted(cli(...november))).toMatchObject({ timeZone: 'Asia/Shanghai', zones: [{ count: 1 }] });
		expect(counted(cliWith({ SANIMAP_TIME_ZONE: 'UTC' }, ...november))).toMatchObject({ timeZone: 'UTC', zones: [{ count: 0 }] });
	});

	it('refuses a time zone it does not know, from the option or the setting', () => {
		const badZone = cli(...november, '--time-zone', 'Mars/Olympus');
		expect(badZone.status).toBe(2);
		expect(badZone.stderr).toMatch(/--time-zone must be an IANA time zone name/);
		const badSetting = cliWith({ SANIMAP_TIME_ZONE: 'Mars/Olympus' }, ...november);
		expect(badSetting.status).toBe(2);
		expect(badSetting.stderr).toMatch(/SANIMAP_TIME_ZONE is "Mars\/Olympus": it must be an IANA time zone name/);
	});
});
