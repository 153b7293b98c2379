import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Geometry, Polygon } from 'geojson';
import { openDatabase } from '../../db';
import { ChangesetRepository } from '../../repositories/changesets';
import { FeatureRepository } from '../../repositories/features';
import { RevertConflictError } from '../../repositories/errors';
import type { Change } from '../../../domain/edits/change';
import { hardeningRates } from '../../../analysis/hardening-rate';
import { featureOf } from '../analysis/kept-layer';
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
type Step =
	| { op: 'create'; geometry: Geometry; properties: Record<string, unknown> }
	| { op: 'edit'; pick: number; properties: Record<string, unknown> }
	| { op: 'move'; pick: number; geometry: Geometry }
	| { op: 'delete'; pick: number }
	| { op: 'undo'; pick: number }
	| { op: 'move-zone'; size: number };
const arbStep: fc.Arbitrary<Step> = fc.oneof(
	{ weight: 4, arbitrary: fc.record({ op: fc.constant('create' as const), geometry: arbLine, properties: arbProperties }) },
	{ weight: 3, arbitrary: fc.record({ op: fc.constant('edit' as const), pick: fc.nat(), properties: arbProperties }) },
	{ weight: 2, arbitrary: fc.record({ op: fc.constant('move' as const), pick: fc.nat(), geometry: arbLine }) },
	{ weight: 1, arbitrary: fc.record({ op: fc.constant('delete' as const), pick: fc.nat() }) },
	{ weight: 2, arbitrary: fc.record({ op: fc.constant('undo' as const), pick: fc.nat() }) },
	{ weight: 1, arbitrary: fc.record({ op: fc.constant('move-zone' as const), size: fc.constantFrom(0.006, 0.01, 0.014) }) }
);
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
				const changesetIds: number[] = [];
				const write = async (changes: Change[]) => changesetIds.push((await changesets.apply(web, changes)).changeset.id);
				const pick = async (n: number) => {
					const roads = await features.all('roadSegment');
					return roads.length ? roads[n % roads.length] : undefined;
				};
				for (const step of steps) {
					if (step.op === 'create') await write([{ op: 'create', kind: 'roadSegment', geometry: step.geometry, properties: step.properties }]);
					else if (step.op === 'move-zone') {
						const zone = (await features.get('zone', zoneA.id))!;
						await write([{ op: 'update', id: zone.id, baseVersion: zone.version, geometry: square(116.0, 40.0, step.size) }]);
					} else if (step.op === 'undo') {
						if (!changesetIds.length) continue;
						try {
							changesetIds.push((await changesets.revert(changesetIds[step.pick % changesetIds.length], web)).changeset.id);
						} catch (e) {
							if (!(e instanceof RevertConflictError)) throw e;
						}
					} else {
						const road = await pick(step.pick);
						if (!road) continue;
						if (step.op === 'delete') await write([{ op: 'delete', id: road.id, baseVersion: road.version }]);
						else if (step.op === 'edit') await write([{ op: 'update', id: road.id, baseVersion: road.version, properties: step.properties }]);
						else await write([{ op: 'update', id: road.id, baseVersion: road.version, geometry: step.geometry }]);
					}
					const answer = await kept.report(TARGETS, NOW);
					expect(rounded(answer)).toEqual(rounded(await new ZoneHardeningService(features, changesets).report(TARGETS, NOW)));
					const full = hardeningRates((await features.all('roadSegment')).map(featureOf), (await features.all('zone')).map(featureOf), TARGETS);
					expect(rounded([answer.overall.lengthM, answer.overall.hardenedLengthM, answer.roadsCounted])).toEqual(rounded([full.lengthM, full.hardenedLengthM, full.roadsCounted]));
					expect(rounded(Object.values(answer.zones).map((z) => [z.lengthM, z.ratePct, z.meetsTarget]))).toEqual(rounded(full.zones.map((z) => [z.lengthM, z.ratePct, z.meetsTarget])));
				}
				db.$client.close();
			}),
			{ numRuns: 30, seed: 20261202 }
		);
	});
});
