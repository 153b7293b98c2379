import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Geometry, Polygon } from 'geojson';
import { openDatabase } from '../../db';
import { ChangesetRepository } from '../../repositories/changesets';
import { FeatureRepository } from '../../repositories/features';
import { layerStep, RandomLayer } from '../../../../../tests/helpers/random-changesets';
import { hardeningRates } from '../../../analysis/hardening-rate';
import { geoJsonFeature } from '../../repositories/stored-feature';
import { ZoneHardeningService } from './zone-hardening';

const square = (x: number, y: number, size: number): Polygon => ({
	type: 'Polygon',
	coordinates: [[[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]]
});
const web = { author: 'tester', source: 'web' as const };
const NOW = new Date('2026-11-20T00:00:00Z');
const TARGETS = { targetPct: 80, alleyTargetPct: 100 };
const coordinate = fc.tuple(fc.integer({ min: 0, max: 25 }), fc.integer({ min: 0, max: 12 })).map(([x, y]) => [116.0 + x * 0.001, 40.0 + y * 0.001]);
const arbLine = fc.array(coordinate, { minLength: 2, maxLength: 3 }).map((coordinates): Geometry => ({ type: 'LineString', coordinates }));
const arbProperties = fc.record({ roadClass: fc.constantFrom('main', 'branch', 'alley'), hardened: fc.boolean() });
const arbStep = layerStep(arbLine, arbProperties, [0.006, 0.01, 0.014]);
const rounded = (value: unknown): unknown =>
	typeof value === 'number' ? Math.round(value * 1e6) / 1e6 : Array.isArray(value) ? value.map(rounded) : value && typeof value === 'object' ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rounded(v)])) : value;

describe('the hardening figures kept up to date between requests', () => {
	it('equal a fresh computation after every random changeset, undo and zone change', async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(arbStep, { minLength: 1, maxLength: 20 }), async (steps) => {
				const db = openDatabase(':memory:');
				const changesets = new ChangesetRepository(db);
				const features = new FeatureRepository(db);
				const kept = new ZoneHardeningService(features, changesets);
				const [zoneA] = (
					await changesets.apply(web, [
						{ op: 'create', kind: 'zone', geometry: square(116.0, 40.0, 0.01), properties: { name: 'A' } },
						{ op: 'create', kind: 'zone', geometry: square(116.01, 40.0, 0.01), properties: { name: 'B' } }
					])
				).results;
				const layer = new RandomLayer(changesets, features, 'roadSegment', zoneA.id, (size) => square(116.0, 40.0, size));
				for (const step of steps) {
					await layer.apply(step);
					const answer = await kept.report(TARGETS, NOW);
					expect(rounded(answer)).toEqual(rounded(await new ZoneHardeningService(features, changesets).report(TARGETS, NOW)));
					const full = hardeningRates((await features.all('roadSegment')).map(geoJsonFeature), (await features.all('zone')).map(geoJsonFeature), TARGETS);
					expect(rounded([answer.overall.lengthM, answer.overall.hardenedLengthM, answer.roadsCounted])).toEqual(rounded([full.lengthM, full.hardenedLengthM, full.roadsCounted]));
					expect(rounded(Object.values(answer.zones).map((z) => [z.lengthM, z.ratePct, z.meetsTarget]))).toEqual(rounded(full.zones.map((z) => [z.lengthM, z.ratePct, z.meetsTarget])));
				}
				db.$client.close();
			}),
			{ numRuns: 30, seed: 20261202 }
		);
	});
});
