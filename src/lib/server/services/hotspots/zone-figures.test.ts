import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Feature, Geometry, Polygon } from 'geojson';
import { openDatabase } from '../../db';
import { ChangesetRepository } from '../../repositories/changesets';
import { FeatureRepository } from '../../repositories/features';
import { RevertConflictError } from '../../repositories/errors';
import type { Change } from '../../../domain/edits/change';
import { aggregateHotspotsByZone } from '../../../analysis/zone-aggregate';
import { printedZoneFigures } from '../../../analysis/zone-figures-printed';
import { parseInstant } from '../../../domain/time/instants';
import { ZoneFiguresService, type ZoneFiguresQuery } from './zone-figures';

const TIME_ZONE = 'Asia/Shanghai';
const at = (text: string) => parseInstant(text, TIME_ZONE)!;
const square = (x: number, y: number, size: number): Polygon => ({
	type: 'Polygon',
	coordinates: [[[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]]
});
const web = { author: 'tester', source: 'web' as const };
const QUERIES: ZoneFiguresQuery[] = [
	{ now: at('2026-11-20') },
	{ now: at('2026-11-20'), from: at('2026-11-01'), to: at('2026-12-01'), trend: true },
	{ now: at('2026-11-05'), statuses: ['reported', 'assigned'], categories: ['blocked-drain'] }
];

const arbPoint = fc.tuple(fc.constantFrom(116.0, 116.01, 116.02, 116.03, 116.05), fc.constantFrom(40.0, 40.01, 40.02)).map(([x, y]): Geometry => ({ type: 'Point', coordinates: [x, y] }));
const arbProperties = fc.record({
	status: fc.constantFrom('reported', 'assigned', 'resolved', 'verified', 'rejected'),
	category: fc.constantFrom('exposed-rubbish', 'blocked-drain'),
	reportedAt: fc.constantFrom('2026-10-30', '2026-11-02T09:00:00+08:00', '2026-11-12', '2026-11-28T23:00:00Z'),
	dueAt: fc.constantFrom('2026-11-04', '2026-11-15', '2026-12-10'),
	resolvedAt: fc.constantFrom('2026-11-03', '2026-11-16', '2026-11-29')
});
type Step =
	| { op: 'create'; geometry: Geometry; properties: Record<string, unknown> }
	| { op: 'edit'; pick: number; properties: Record<string, unknown> }
	| { op: 'move'; pick: number; geometry: Geometry }
	| { op: 'delete'; pick: number }
	| { op: 'undo'; pick: number }
	| { op: 'move-zone'; size: number }
	| { op: 'many'; n: number; properties: Record<string, unknown> };
const arbStep: fc.Arbitrary<Step> = fc.oneof(
	{ weight: 4, arbitrary: fc.record({ op: fc.constant('create' as const), geometry: arbPoint, properties: arbProperties }) },
	{ weight: 3, arbitrary: fc.record({ op: fc.constant('edit' as const), pick: fc.nat(), properties: arbProperties }) },
	{ weight: 2, arbitrary: fc.record({ op: fc.constant('move' as const), pick: fc.nat(), geometry: arbPoint }) },
	{ weight: 1, arbitrary: fc.record({ op: fc.constant('delete' as const), pick: fc.nat() }) },
	{ weight: 2, arbitrary: fc.record({ op: fc.constant('undo' as const), pick: fc.nat() }) },
	{ weight: 1, arbitrary: fc.record({ op: fc.constant('move-zone' as const), size: fc.constantFrom(0.015, 0.025, 0.04) }) },
	{ weight: 1, arbitrary: fc.record({ op: fc.constant('many' as const), n: fc.integer({ min: 2, max: 6 }), properties: arbProperties }) }
);

describe('the zones figures kept up to date between requests', () => {
	it('equal a full recomputation after every random changeset, undo and zone change', async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(arbStep, { minLength: 1, maxLength: 25 }), async (steps) => {
				const db = openDatabase(':memory:');
				const changesets = new ChangesetRepository(db);
				const features = new FeatureRepository(db);
				const clock = () => new Date(at('2026-11-20'));
				const kept = new ZoneFiguresService(features, changesets, clock, TIME_ZONE);
				const [zoneA] = (
					await changesets.apply(web, [
						{ op: 'create', kind: 'zone', geometry: square(116.0, 40.0, 0.02), properties: { name: 'A', population: 900 } },
						{ op: 'create', kind: 'zone', geometry: square(116.02, 40.0, 0.02), properties: { name: 'B' } }
					])
				).results;
				const changesetIds: number[] = [];
				const live = async () => (await features.all('hotspot')).map((f) => f.id);
				const pick = async (n: number) => {
					const ids = await live();
					return ids.length ? (await features.get('hotspot', ids[n % ids.length]))! : undefined;
				};
				const write = async (changes: Change[]) => changesetIds.push((await changesets.apply(web, changes)).changeset.id);
				for (const step of steps) {
					if (step.op === 'create') await write([{ op: 'create', kind: 'hotspot', geometry: step.geometry, properties: step.properties }]);
					else if (step.op === 'many') await write(Array.from({ length: step.n }, (_, i) => ({ op: 'create' as const, kind: 'hotspot', geometry: { type: 'Point' as const, coordinates: [116.005 * (1 + i * 1e-5), 40.005] }, properties: step.properties })));
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
						const hotspot = await pick(step.pick);
						if (!hotspot) continue;
						if (step.op === 'delete') await write([{ op: 'delete', id: hotspot.id, baseVersion: hotspot.version }]);
						else if (step.op === 'edit') await write([{ op: 'update', id: hotspot.id, baseVersion: hotspot.version, properties: step.properties }]);
						else await write([{ op: 'update', id: hotspot.id, baseVersion: hotspot.version, geometry: step.geometry }]);
					}
					const hotspots = (await features.all('hotspot')).map(toFeature);
					const zones = (await features.all('zone')).map(toFeature);
					for (const query of QUERIES) {
						const answer = await kept.compute(query);
						const fresh = await new ZoneFiguresService(features, changesets, clock, TIME_ZONE).compute(query);
						expect(answer).toEqual(fresh);
						const selected = hotspots.filter((h) => (!query.categories || query.categories.includes(String(h.properties!.category))) && (!query.statuses || query.statuses.includes(String(h.properties!.status))));
						const { timeZone: _zone, weeks: _weeks, trend: _trend, ...figures } = answer;
						expect(figures).toEqual(printedZoneFigures(aggregateHotspotsByZone(selected, zones, { now: query.now!, range: { from: query.from, to: query.to }, timeZone: TIME_ZONE })));
					}
				}
				db.$client.close();
			}),
			{ numRuns: 40, seed: 20261202 }
		);
	});
});

const toFeature = (f: { id: number; geometry: Geometry; properties: Record<string, unknown> }): Feature<Geometry> => ({ type: 'Feature', id: f.id, geometry: f.geometry, properties: f.properties });
