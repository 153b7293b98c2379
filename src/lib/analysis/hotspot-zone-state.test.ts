import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { UndoableLayer } from '../../../tests/helpers/undoable-layer';
import type { Feature, Geometry, Polygon } from 'geojson';
import { HotspotZoneState, type HotspotSelection } from './hotspot-zone-state';
import { aggregateHotspotsByZone } from './zone-aggregate';
import { assignPointsToZones, OUTSIDE_ALL_ZONES } from './zone-assign';
import { statusOf } from '../domain/hotspot-lifecycle';
import { parseInstant } from '../domain/time/instants';
import { isInRange } from './time-buckets';

const TIME_ZONE = 'Asia/Shanghai';
const square = (x: number, y: number, size: number): Polygon => ({
	type: 'Polygon',
	coordinates: [[[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]]
});
// Two zones sharing an edge (a point on it counts once, in the first), one overlapping the second, one without population.
const ZONES: Feature<Geometry>[] = [
	{ type: 'Feature', id: 'a', geometry: square(0, 0, 1), properties: { name: 'A', population: 1200 } },
	{ type: 'Feature', id: 'b', geometry: square(1, 0, 1), properties: { name: 'B', population: 800 } },
	{ type: 'Feature', id: 'c', geometry: square(1.5, 0.5, 1), properties: { name: 'C' } }
];

const STATUSES = ['reported', 'assigned', 'resolved', 'verified', 'rejected', 'bogus', undefined];
const CATEGORIES = ['exposed-rubbish', 'overflowing-bin', 'blocked-drain'];
// Instants with and without an offset, a bare date (read in the project's zone), and text that is no date.
const DATES = ['2026-11-01', '2026-11-03T08:00:00+08:00', '2026-11-10T23:30:00Z', '2026-11-20T10:00:00', '2026-12-01', 'soon', undefined];

const arbPoint = fc.oneof(
	{ weight: 8, arbitrary: fc.tuple(fc.constantFrom(-0.5, 0, 0.25, 0.5, 1, 1.25, 1.5, 1.75, 2, 2.25, 3), fc.constantFrom(0, 0.25, 0.5, 0.75, 1, 1.25)).map(([x, y]): Geometry => ({ type: 'Point', coordinates: [x, y] })) },
	{ weight: 1, arbitrary: fc.constant<Geometry>({ type: 'LineString', coordinates: [[0.1, 0.1], [0.2, 0.2]] }) }
);
const arbProperties = fc.record(
	{ status: fc.constantFrom(...STATUSES), category: fc.constantFrom(...CATEGORIES), reportedAt: fc.constantFrom(...DATES), dueAt: fc.constantFrom(...DATES), resolvedAt: fc.constantFrom(...DATES) },
	{ requiredKeys: [] }
);
type Op =
	| { op: 'create'; geometry: Geometry; properties: Record<string, unknown> }
	| { op: 'edit'; pick: number; properties: Record<string, unknown> }
	| { op: 'move'; pick: number; geometry: Geometry }
	| { op: 'delete'; pick: number }
	| { op: 'undo' };
const arbOp: fc.Arbitrary<Op> = fc.oneof(
	{ weight: 4, arbitrary: fc.record({ op: fc.constant('create' as const), geometry: arbPoint, properties: arbProperties }) },
	{ weight: 3, arbitrary: fc.record({ op: fc.constant('edit' as const), pick: fc.nat(), properties: arbProperties }) },
	{ weight: 2, arbitrary: fc.record({ op: fc.constant('move' as const), pick: fc.nat(), geometry: arbPoint }) },
	{ weight: 1, arbitrary: fc.record({ op: fc.constant('delete' as const), pick: fc.nat() }) },
	{ weight: 1, arbitrary: fc.constant<Op>({ op: 'undo' }) }
);
const at = (text: string) => parseInstant(text, TIME_ZONE)!;
const arbSelection: fc.Arbitrary<HotspotSelection> = fc.record(
	{
		range: fc.constantFrom({}, { from: at('2026-11-01') }, { to: at('2026-11-15') }, { from: at('2026-11-02'), to: at('2026-12-01') }),
		categories: fc.subarray(CATEGORIES),
		statuses: fc.subarray(['reported', 'assigned', 'resolved', 'verified', 'rejected'])
	},
	{ requiredKeys: [] }
);

/** What aggregateHotspotsByZone answers over the live features, selected as the service selects them. */
function recomputed(live: Feature<Geometry>[], now: number, s: HotspotSelection) {
	const selected = live.filter((h) => (!s.categories || s.categories.includes(String(h.properties?.category))) && (!s.statuses || s.statuses.includes(statusOf(h.properties ?? {}))));
	return { selected, aggregate: aggregateHotspotsByZone(selected, ZONES, { now, range: s.range, timeZone: TIME_ZONE }) };
}

describe('HotspotZoneState, kept up to date one feature at a time', () => {
	it('answers what a full recomputation answers after every create, edit, move, delete and undo', () => {
		fc.assert(
			fc.property(fc.array(arbOp, { minLength: 1, maxLength: 40 }), fc.array(arbSelection, { minLength: 1, maxLength: 3 }), fc.constantFrom('2026-11-05', '2026-11-25T12:00:00Z'), (ops, selections, nowText) => {
				const now = at(nowText);
				const layer = new UndoableLayer(new HotspotZoneState(ZONES, TIME_ZONE));
				const { state, live } = layer;
				let nextId = 1;
				const change = (id: number, feature: Feature<Geometry> | undefined) => layer.write(id, feature);
				const picked = (pick: number) => [...live.keys()][pick % Math.max(1, live.size)];
				for (const op of ops) {
					if (op.op === 'create') {
						const id = nextId++;
						change(id, { type: 'Feature', id, geometry: op.geometry, properties: op.properties });
					} else if (op.op === 'undo') layer.undo();
					else {
						const id = picked(op.pick);
						const current = id === undefined ? undefined : live.get(id);
						if (!current) continue;
						if (op.op === 'delete') change(id, undefined);
						else if (op.op === 'edit') change(id, { ...current, properties: { ...current.properties, ...op.properties } });
						else change(id, { ...current, geometry: op.geometry });
					}
					expect(state.size).toBe(live.size);
					for (const selection of selections) {
						const expected = recomputed([...live.values()], now, selection);
						expect(state.aggregate(now, selection)).toEqual(expected.aggregate);
					}
				}
			}),
			{ numRuns: 150, seed: 20261202 }
		);
	});

	it('counts appended hotspots (ids shared or missing) over a range on any date field, as aggregateHotspotsByZone does', () => {
		const arbFeature = fc.record({ id: fc.option(fc.constantFrom(1, 2, 'x')), geometry: arbPoint, properties: arbProperties });
		fc.assert(
			fc.property(
				fc.array(arbFeature, { maxLength: 40 }),
				fc.constantFrom('reportedAt', 'dueAt', 'resolvedAt'),
				fc.constantFrom({}, { from: at('2026-11-01') }, { to: at('2026-11-15') }, { from: at('2026-11-02'), to: at('2026-12-01') }),
				(drawn, dateField, range) => {
					const features = drawn.map(({ id, geometry, properties }): Feature<Geometry> => ({ type: 'Feature', ...(id === null ? {} : { id }), geometry, properties }));
					const state = new HotspotZoneState(ZONES, TIME_ZONE, dateField);
					for (const f of features) state.append(f);
					const now = at('2026-11-25T12:00:00Z');
					expect(state.size).toBe(features.length);
					expect(state.aggregate(now, { range })).toEqual(aggregateHotspotsByZone(features, ZONES, { now, range, dateField, timeZone: TIME_ZONE }));
				}
			),
			{ numRuns: 300, seed: 20261204 }
		);
	});

	it('gives the report instants of a bounded range, all and per zone, as the trend counts them', () => {
		const state = new HotspotZoneState(ZONES, TIME_ZONE);
		const hotspots: Feature<Geometry>[] = [
			{ type: 'Feature', id: 1, geometry: { type: 'Point', coordinates: [0.5, 0.5] }, properties: { reportedAt: '2026-11-03T08:00:00+08:00', category: 'blocked-drain' } },
			{ type: 'Feature', id: 2, geometry: { type: 'Point', coordinates: [1, 0.5] }, properties: { reportedAt: '2026-11-04' } },
			{ type: 'Feature', id: 3, geometry: { type: 'Point', coordinates: [9, 9] }, properties: { reportedAt: '2026-11-05' } },
			{ type: 'Feature', id: 4, geometry: { type: 'Point', coordinates: [1.75, 0.75] }, properties: { reportedAt: '2026-10-31' } },
			{ type: 'Feature', id: 5, geometry: null as unknown as Geometry, properties: { reportedAt: '2026-11-06' } }
		];
		hotspots.forEach((h) => state.put(h));
		const range = { from: at('2026-11-01'), to: at('2026-12-01') };
		const { all, byZone } = state.reportedInstants({ range });
		// Every dated case in the range counts for the weeks, also those outside all zones or without a place.
		expect(all.sort()).toEqual([at('2026-11-03T08:00:00+08:00'), at('2026-11-04'), at('2026-11-05'), at('2026-11-06')]);
		// The case on the edge between A and B is A's (first zone); the one of 31 October is outside the range.
		expect(byZone).toEqual([[at('2026-11-03T08:00:00+08:00'), at('2026-11-04')], [], []]);
		expect(state.reportedInstants({ range, categories: ['blocked-drain'] }).all).toEqual([at('2026-11-03T08:00:00+08:00')]);
		// The same per-zone split as the points' assignment.
		const inRange = hotspots.filter((h) => isInRange(at(String(h.properties!.reportedAt)), range));
		const zoneOf = assignPointsToZones(inRange, ZONES).zoneOfPoint;
		expect(inRange.filter((_, i) => zoneOf[i] === 0).map((h) => h.id)).toEqual([1, 2]);
		expect([...zoneOf].filter((z) => z === OUTSIDE_ALL_ZONES).length).toBe(2);
	});
});
