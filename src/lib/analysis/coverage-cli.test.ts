/**
 * The coverage, gaps and site commands run as the real CLI (a child process) on the Helsinki
 * extract: JSON shape on stdout, exit code 2 with a message on stderr for user mistakes.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const data = join(root, 'tests/fixtures/osm/helsinki_centre');
const tsx = join(root, 'node_modules/.bin/tsx');

function cli(...args: string[]) {
	const r = spawnSync(tsx, ['src/cli/main.ts', ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });
	return { code: r.status, json: r.status === 0 ? JSON.parse(r.stdout) : null, stderr: r.stderr };
}

const tmp = mkdtempSync(join(tmpdir(), 'sanimap-cli-'));

describe('CLI coverage / gaps / site', { timeout: 60_000 }, () => {
	it('coverage prints the documented fields and writes the uncovered targets', () => {
		const out = join(tmp, 'uncovered.geojson');
		const r = cli('coverage', '--bins', `${data}/bins.geojson`, '--targets', `${data}/buildings.geojson`, '--radius', '70', '--zones', `${data}/zones.geojson`, '--out', out);
		expect(r.code).toBe(0);
		expect(Object.keys(r.json)).toEqual(['radiusM', 'targets', 'covered', 'coveredPct', 'weightedTargets', 'weightedCovered', 'zones']);
		expect(r.json.targets).toBe(446);
		expect(r.json.zones).toHaveLength(41);
		expect(Object.keys(r.json.zones[0])).toEqual(expect.arrayContaining(['id', 'name', 'targets', 'covered', 'coveredPct']));
		expect(JSON.parse(readFileSync(out, 'utf8')).features).toHaveLength(r.json.targets - r.json.covered);
	});

	it('gaps prints totals, per class and per zone, and honours a rules file', () => {
		const rules = join(tmp, 'rules.json');
		writeFileSync(rules, JSON.stringify({ binSpacingM: { alley: 300 } }));
		const r = cli('gaps', '--bins', `${data}/bins.geojson`, '--roads', `${data}/roads.geojson`, '--rules', rules, '--zones', `${data}/zones.geojson`, '--out', join(tmp, 'gaps.geojson'));
		expect(r.code).toBe(0);
		expect(r.json).toMatchObject({ roadLengthM: expect.any(Number), gapLengthM: expect.any(Number), gaps: expect.any(Number) });
		expect(Object.keys(r.json.byClass)).toEqual(['commercial', 'main', 'secondary', 'branch', 'alley']);
		expect(r.json.byClass.alley.spacingM).toBe(300);
		expect(r.json.gapLengthM).toBeLessThanOrEqual(r.json.roadLengthM);
		expect(JSON.parse(readFileSync(join(tmp, 'gaps.geojson'), 'utf8')).features).toHaveLength(r.json.gaps);
	});

	it('site prints the suggested sites, greedy and exact', () => {
		const args = ['site', '--bins', `${data}/bins.geojson`, '--targets', `${data}/buildings.geojson`, '--roads', `${data}/roads.geojson`, '--count', '3', '--radius', '70'];
		const greedy = cli(...args);
		expect(greedy.code).toBe(0);
		expect(greedy.json).toMatchObject({ count: 3, radiusM: 70, method: 'greedy', optimalityGapPct: null });
		expect(greedy.json.sites).toHaveLength(3);
		expect(Object.keys(greedy.json.sites[0])).toEqual(['lon', 'lat', 'gain']);
		expect(greedy.json.coveredAfter).toBe(greedy.json.coveredBefore + greedy.json.gain);
		const exact = cli(...args, '--exact', '--time-limit', '20');
		expect(exact.code).toBe(0);
		expect(exact.json.method).toBe('exact');
		expect(exact.json.gain).toBeGreaterThanOrEqual(greedy.json.gain);
	});

	it('exits 2 with a message for a missing file, bad JSON, wrong geometry or a non-numeric option', () => {
		const bad = join(tmp, 'bad.json');
		writeFileSync(bad, '{ not json');
		const cases = [
			['coverage', '--bins', join(tmp, 'missing.geojson'), '--targets', `${data}/buildings.geojson`, '--radius', '70'],
			['coverage', '--bins', bad, '--targets', `${data}/buildings.geojson`, '--radius', '70'],
			['gaps', '--bins', `${data}/roads.geojson`, '--roads', `${data}/roads.geojson`],
			['site', '--bins', `${data}/bins.geojson`, '--targets', `${data}/buildings.geojson`, '--roads', `${data}/roads.geojson`, '--count', 'many', '--radius', '70']
		];
		for (const args of cases) {
			const r = cli(...args);
			expect(r.code, args.join(' ')).toBe(2);
			expect(r.stderr).toMatch(/^error: /);
		}
	});
});
