import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { UndoableLayer } from '../../../tests/helpers/undoable-layer';
import type { Feature, Geometry, Polygon } from 'geojson';
import { HardeningState } from './hardening-state';
import { hardeningRates } from './hardening-rate';

const square = (x: number, y: number, size: number): Polygon => ({
	type: 'Polygon',
	coordinates: [[[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]]
});
// Two zones sharing an edge, a third overlapping the second with a hole, and one without a polygon.
const ZONES: Feature<Geometry | null>[] = [
	{ type: 'Feature', id: 1, geometry: square(116.0, 40.0, 0.01), properties: { name: 'A' } },
	{ type: 'Feature', id: 2, geometry: square(116.01, 40.0, 0.01), properties: { name: 'B' } },
	{
		type: 'Feature',
		id: 3,
		geometry: { type: 'Polygon', coordinates: [square(116.015, 40.005, 0.01).coordinates[0], square(116.018, 40.008, 0.002).coordinates[0].slice().reverse()] },
		properties: { name: 'C' }
	},
	{ type: 'Feature', id: 4, geometry: null, properties: { name: 'no shape' } }
];

const coordinate = fc.tuple(fc.integer({ min: -2, max: 30 }), fc.integer({ min: -2, max: 20 })).map(([x, y]) => [116.0 + x * 0.001, 40.0 + y * 0.001]);
const arbGeometry: fc.Arbitrary<Geometry> = fc.oneof(
	{ weight: 6, arbitrary: fc.array(coordinate, { minLength: 2, maxLength: 4 }).map((coordinates): Geometry => ({ type: 'LineString', coordinates })) },
	{ weight: 1, arbitrary: fc.array(fc.array(coordinate, { minLength: 2, maxLength: 3 }), { minLength: 1, maxLength: 2 }).map((coordinates): Geometry => ({ type: 'MultiLineString', coordinates })) },
	{ weight: 1, arbitrary: coordinate.map((coordinates): Geometry => ({ type: 'Point', coordinates })) }
);
const arbProperties = fc.record(
	{
		roadClass: fc.constantFrom('commercial', 'main', 'secondary', 'branch', 'alley'),
		highway: fc.constantFrom('residential', 'footway', 'service'),
		hardened: fc.boolean(),
		surface: fc.constantFrom('asphalt', 'dirt', 'gravel', 'concrete'),
		widthM: fc.constantFrom(3, 6.5, 0, -1)
	},
	{ requiredKeys: [] }
);
type Op = { op: 'put'; id: number; geometry: Geometry; properties: Record<string, unknown> } | { op: 'edit'; id: number; properties: Record<string, unknown> } | { op: 'remove'; id: number } | { op: 'undo' };
const arbOp: fc.Arbitrary<Op> = fc.oneof(
	{ weight: 4, arbitrary: fc.record({ op: fc.constant('put' as const), id: fc.integer({ min: 1, max: 12 }), geometry: arbGeometry, properties: arbProperties }) },
	{ weight: 3, arbitrary: fc.record({ op: fc.constant('edit' as const), id: fc.integer({ min: 1, max: 12 }), properties: arbProperties }) },
	{ weight: 1, arbitrary: fc.record({ op: fc.constant('remove' as const), id: fc.integer({ min: 1, max: 12 }) }) },
	{ weight: 1, arbitrary: fc.constant<Op>({ op: 'undo' }) }
);

/** Lengths added in another order differ in the last bits only: compare to a micrometre. */
const rounded = (value: unknown): unknown =>
	typeof value === 'number' ? Math.round(value * 1e6) / 1e6 : Array.isArray(value) ? value.map(rounded) : value && typeof value === 'object' ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rounded(v)])) : value;

describe('HardeningState, kept up to date one road at a time', () => {
	it('answers what hardeningRates answers after every new road, edit, removal and undo', () => {
		fc.assert(
			fc.property(fc.array(arbOp, { minLength: 1, maxLength: 30 }), fc.constantFrom({}, { targetPct: 50, alleyTargetPct: 80 }), (ops, targets) => {
				const layer = new UndoableLayer(new HardeningState(ZONES));
				const { state, live } = layer;
				for (const op of ops) {
					layer.step(op, (before) =>
						op.op === 'put' ? { type: 'Feature' as const, id: op.id, geometry: op.geometry, properties: op.properties } : op.op === 'edit' ? { ...before!, properties: op.properties } : undefined
					);
					const roads = [...live.values()].sort((a, b) => Number(a.id) - Number(b.id));
					expect(state.size).toBe(live.size);
					expect(rounded(state.rates(targets))).toEqual(rounded(hardeningRates(roads, ZONES, targets)));
				}
			}),
			{ numRuns: 200, seed: 20261202 }
		);
	});

	it('measures a road crossing two zones and a hole as the full computation does, by hand', () => {
		const state = new HardeningState(ZONES);
		// 0.02° of longitude at 40° N on WGS84 (85.39 km a degree): about 1,708 m; half in A, half in B.
		// The road runs below C (which starts at 40.005), so C has none of it.
		state.put({ type: 'Feature', id: 7, geometry: { type: 'LineString', coordinates: [[116.0, 40.0025], [116.02, 40.0025]] }, properties: { roadClass: 'alley', hardened: true } });
		const r = state.rates();
		expect(r.roadsCounted).toBe(1);
		expect(r.lengthM).toBeCloseTo(1707.8, 0);
		expect(r.zones[0].lengthM).toBeCloseTo(r.lengthM / 2, 6);
		expect(r.zones[1].lengthM).toBeCloseTo(r.lengthM / 2, 6);
		expect(r.zones[2].lengthM).toBe(0);
		expect(r.zones[3].lengthM).toBe(0);
		expect(r.zones[0].byClass.map((c) => [c.roadClass, c.ratePct, c.meetsTarget])).toEqual([['alley', 100, true]]);

		// Through B and C, and through C's hole (116.018–116.020), unhardened: C counts 0.010° − 0.002°, B 0.008°.
		state.put({ type: 'Feature', id: 8, geometry: { type: 'LineString', coordinates: [[116.012, 40.009], [116.03, 40.009]] }, properties: { roadClass: 'main', hardened: false } });
		const degree = r.lengthM / 0.02;
		const both = state.rates();
		expect(both.zones[1].unhardenedLengthM).toBeCloseTo(0.008 * degree, 0);
		expect(both.zones[2].unhardenedLengthM).toBeCloseTo(0.008 * degree, 0);
		expect(both.zones[1].ratePct).toBeCloseTo((100 * 0.01) / 0.018, 1);
		state.remove(7);
		expect(state.rates().zones[1].ratePct).toBe(0);
	});
});
