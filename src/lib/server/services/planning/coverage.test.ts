import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Feature, Geometry, Polygon } from 'geojson';
import { layerStep, storeWithTwoZones } from '../../../../../tests/helpers/random-changesets';
import { computeCoverage } from '../../../analysis/coverage';
import { geoJsonFeature } from '../../repositories/stored-feature';
import { ContextLayers } from '../basemap/context-layers';
import { RulesService } from '../rules/rules';
import { SqliteSettingsStore } from '../../repositories/settings';
import { binCounts, CoverageService } from './coverage';

const square = (x: number, y: number, size: number): Polygon => ({
	type: 'Polygon',
	coordinates: [[[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]]
});
const NOW = new Date('2026-11-20T00:00:00Z');
// Buildings on a 0.001° grid over both zones and beyond them, some with households.
const BUILDINGS: Feature[] = [];
for (let x = 0; x < 22; x++) for (let y = 0; y < 12; y++) BUILDINGS.push({ type: 'Feature', geometry: square(116.0 + x * 0.001, 40.0 + y * 0.001, 0.0003), properties: { households: (x + y) % 3 } });
const dataDir = mkdtempSync(join(tmpdir(), 'sanimap-coverage-'));
mkdirSync(join(dataDir, 'demo', 'basemap'), { recursive: true });
writeFileSync(join(dataDir, 'demo', 'basemap', 'buildings.geojson'), JSON.stringify({ type: 'FeatureCollection', features: BUILDINGS }));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const coordinate = fc.tuple(fc.integer({ min: 0, max: 220 }), fc.integer({ min: 0, max: 120 })).map(([x, y]) => [116.0 + x * 0.0001, 40.0 + y * 0.0001]);
const arbPoint = coordinate.map((coordinates): Geometry => ({ type: 'Point', coordinates }));
const arbProperties = fc.record({ status: fc.constantFrom('installed', 'installed', 'planned', 'removed', 'damaged') });
const arbStep = layerStep(arbPoint, arbProperties, [0.006, 0.01, 0.014]);

describe('the coverage figures kept up to date between requests', () => {
	it('equal a fresh computation after every random changeset, undo and zone change, for two radii', async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(arbStep, { minLength: 1, maxLength: 16 }), fc.boolean(), async (steps, includePlanned) => {
				const { db, changesets, features, layer } = await storeWithTwoZones('bin', 0.01);
				const rules = new RulesService(new SqliteSettingsStore(db), () => NOW);
				const context = new ContextLayers(dataDir);
				const kept = new CoverageService(features, changesets, rules, context);
				for (const step of steps) {
					await layer.apply(step);
					const zones = (await features.all('zone')).map(geoJsonFeature);
					const bins = (await features.all('bin')).map(geoJsonFeature).filter((b) => binCounts(b.properties ?? {}, includePlanned));
					for (const radiusM of [70, 150]) {
						const answer = await kept.coverage({ radiusM, includePlanned });
						const full = computeCoverage(bins, BUILDINGS, { radiusM, zones });
						const { uncovered: _u, uncoveredIndices, ...figures } = full;
						expect(answer).toMatchObject({ ...figures, bins: bins.length, includePlanned });
						expect(answer.uncovered!.features.map((f) => f.id)).toEqual(uncoveredIndices);
						expect(await new CoverageService(features, changesets, rules, context).coverage({ radiusM, includePlanned })).toEqual(answer);
					}
				}
				db.$client.close();
			}),
			{ numRuns: 25, seed: 20261202 }
		);
	});
});
