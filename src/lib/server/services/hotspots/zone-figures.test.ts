import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SavedStates } from '../analysis/saved-states';
import type { Geometry } from 'geojson';
import { geoJsonFeature } from '../../repositories/stored-feature';
import { layerStep, storeWithTwoZones } from '../../../../../tests/helpers/random-changesets';
import { aggregateHotspotsByZone } from '../../../analysis/zone-aggregate';
import { printedZoneFigures } from '../../../analysis/zone-figures-printed';
import { parseInstant } from '../../../domain/time/instants';
import { ZoneFiguresService, type ZoneFiguresQuery } from './zone-figures';

const TIME_ZONE = 'Asia/Shanghai';
const at = (text: string) => parseInstant(text, TIME_ZONE)!;
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
const arbStep = layerStep(arbPoint, arbProperties, [0.015, 0.025, 0.04]);

describe('the zones figures kept up to date between requests', () => {
	it('equal a full recomputation after every random changeset, undo and zone change, also from the state a restart reads back', async () => {
		let restored = 0;
		await fc.assert(
			fc.asyncProperty(fc.array(arbStep, { minLength: 1, maxLength: 25 }), async (steps) => {
				const { db, changesets, features, layer } = await storeWithTwoZones('hotspot', 0.02, [{ name: 'A', population: 900 }, { name: 'B' }]);
				const clock = () => new Date(at('2026-11-20'));
				const states = new SavedStates(mkdtempSync(join(tmpdir(), 'sanimap-states-')), 'this build', 'this database', () => {});
				const kept = new ZoneFiguresService(features, changesets, clock, TIME_ZONE, states);
				for (const step of steps) {
					await layer.apply(step);
					const hotspots = (await features.all('hotspot')).map(geoJsonFeature);
					const zones = (await features.all('zone')).map(geoJsonFeature);
					// A server started now: the state saved at the last build, brought up to date.
					const restarted = new ZoneFiguresService(features, changesets, clock, TIME_ZONE, states);
					if (await restarted.warmFromSaved()) restored++;
					for (const query of QUERIES) {
						const answer = await kept.compute(query);
						expect(await restarted.compute(query)).toEqual(answer);
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
		expect(restored).toBeGreaterThan(100);
	});
});
