import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SavedStates } from '../analysis/saved-states';
import type { Geometry } from 'geojson';
import { layerStep, storeWithTwoZones } from '../../../../../tests/helpers/random-changesets';
import { hardeningRates } from '../../../analysis/hardening-rate';
import { geoJsonFeature } from '../../repositories/stored-feature';
import { ZoneHardeningService } from './zone-hardening';

const NOW = new Date('2026-11-20T00:00:00Z');
const TARGETS = { targetPct: 80, alleyTargetPct: 100 };
const coordinate = fc.tuple(fc.integer({ min: 0, max: 25 }), fc.integer({ min: 0, max: 12 })).map(([x, y]) => [116.0 + x * 0.001, 40.0 + y * 0.001]);
const arbLine = fc.array(coordinate, { minLength: 2, maxLength: 3 }).map((coordinates): Geometry => ({ type: 'LineString', coordinates }));
const arbProperties = fc.record({ roadClass: fc.constantFrom('main', 'branch', 'alley'), hardened: fc.boolean() });
const arbStep = layerStep(arbLine, arbProperties, [0.006, 0.01, 0.014]);
const rounded = (value: unknown): unknown =>
	typeof value === 'number' ? Math.round(value * 1e6) / 1e6 : Array.isArray(value) ? value.map(rounded) : value && typeof value === 'object' ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rounded(v)])) : value;

describe('the hardening figures kept up to date between requests', () => {
	it('equal a fresh computation after every random changeset, undo and zone change, also from the state a restart reads back', async () => {
		let restored = 0;
		await fc.assert(
			fc.asyncProperty(fc.array(arbStep, { minLength: 1, maxLength: 20 }), async (steps) => {
				const { db, changesets, features, layer } = await storeWithTwoZones('roadSegment', 0.01);
				const states = new SavedStates(mkdtempSync(join(tmpdir(), 'sanimap-states-')), 'this build', 'this database', () => {});
				const kept = new ZoneHardeningService(features, changesets, states);
				for (const step of steps) {
					await layer.apply(step);
					const answer = await kept.report(TARGETS, NOW);
					// A server started now: the state saved at the last build, brought up to date.
					const restarted = new ZoneHardeningService(features, changesets, states);
					if (await restarted.warmFromSaved()) restored++;
					expect(rounded(await restarted.report(TARGETS, NOW))).toEqual(rounded(answer));
					expect(rounded(answer)).toEqual(rounded(await new ZoneHardeningService(features, changesets).report(TARGETS, NOW)));
					const full = hardeningRates((await features.all('roadSegment')).map(geoJsonFeature), (await features.all('zone')).map(geoJsonFeature), TARGETS);
					expect(rounded([answer.overall.lengthM, answer.overall.hardenedLengthM, answer.roadsCounted])).toEqual(rounded([full.lengthM, full.hardenedLengthM, full.roadsCounted]));
					expect(rounded(Object.values(answer.zones).map((z) => [z.lengthM, z.ratePct, z.meetsTarget]))).toEqual(rounded(full.zones.map((z) => [z.lengthM, z.ratePct, z.meetsTarget])));
				}
				db.$client.close();
			}),
			{ numRuns: 30, seed: 20261202 }
		);
		expect(restored).toBeGreaterThan(100);
	});
});
