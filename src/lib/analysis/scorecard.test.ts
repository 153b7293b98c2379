import { describe, expect, it } from 'vitest';
import type { Feature, Geometry } from 'geojson';
import { DEFAULT_RULES } from '../domain/rules';
import { computeScorecard, type ScorecardInput } from './scorecard';
import { judgeAtLeast, judgeZero } from './scorecard-status';
import { deepFreeze } from './fixtures/read-fixture';

const f = (id: number, geometry: Geometry, properties: Record<string, unknown> = {}): Feature => ({ type: 'Feature', id, geometry, properties });
const pt = (lon: number, lat: number): Geometry => ({ type: 'Point', coordinates: [lon, lat] });
const square = (lon: number, lat: number, d: number): Geometry => ({
	type: 'Polygon',
	coordinates: [[[lon, lat], [lon + d, lat], [lon + d, lat + d], [lon, lat + d], [lon, lat]]]
});


const AT = Date.parse('2026-11-01T00:00:00Z');

/**
 * One zone 0.004° square at 40° N (about 341 × 444 m). A bin at its south-west; building A 30 m
 * east of it (covered within 70 m), building B 0.003° (about 256 m) east (not covered): coverage
 * 50 %. Boards: one renewed 10 days ago, one 100 days ago (stale past 60 days): 50 % current.
 * Shops: food with a valid licence and a contract, grocery without either. Hotspots: one open past
 * its due date (overdue), one resolved a day late, one resolved on time.
 */
const input: ScorecardInput = deepFreeze({
	zones: [f(10, square(116.35, 40.0, 0.004), { name: '北区' })],
	bins: [f(1, pt(116.3502, 40.0002), { status: 'installed' }), f(2, pt(116.3535, 40.0035), { status: 'planned' })],
	collectionPoints: [],
	roads: [
		f(20, { type: 'LineString', coordinates: [[116.3501, 40.001], [116.3539, 40.001]] }, { roadClass: 'alley', surface: 'earth' }),
		f(21, { type: 'LineString', coordinates: [[116.3501, 40.002], [116.3539, 40.002]] }, { roadClass: 'branch', surface: 'asphalt' })
	],
	drains: [f(30, { type: 'LineString', coordinates: [[116.3501, 40.003], [116.3539, 40.003]] }, { condition: 'blocked' })],
	boards: [f(40, pt(116.351, 40.001), { contentUpdatedAt: '2026-10-22' }), f(41, pt(116.352, 40.001), { contentUpdatedAt: '2026-07-24' })],
	shops: [
		f(50, pt(116.351, 40.0015), { category: 'food', frontageContract: '2026-05-01', hygieneLicence: 'valid' }),
		f(51, pt(116.352, 40.0015), { category: 'grocery' })
	],
	hotspots: [
		f(60, pt(116.351, 40.0025), { status: 'assigned', reportedAt: '2026-10-01T00:00:00Z', dueAt: '2026-10-08T00:00:00Z' }),
		f(61, pt(116.352, 40.0025), { status: 'resolved', reportedAt: '2026-10-01T00:00:00Z', dueAt: '2026-10-08T00:00:00Z', resolvedAt: '2026-10-09T00:00:00Z' }),
		f(62, pt(116.353, 40.0025), { status: 'verified', reportedAt: '2026-10-01T00:00:00Z', dueAt: '2026-10-08T00:00:00Z', resolvedAt: '2026-10-03T00:00:00Z' })
	],
	buildings: [f(100, square(116.35055, 40.0001, 0.0001)), f(101, square(116.3532, 40.0001, 0.0001))]
});

describe('judging a figure', () => {
	it('meets at the target, is close within 10 % of it, fails below', () => {
		expect([judgeAtLeast(90, 90), judgeAtLeast(81, 90), judgeAtLeast(80.9, 90), judgeAtLeast(null, 90)]).toEqual(['meets', 'close', 'fails', 'none']);
		expect([judgeZero(0, 100), judgeZero(10, 100), judgeZero(11, 100), judgeZero(0, null), judgeZero(2, null)]).toEqual(['meets', 'close', 'fails', 'none', 'fails']);
	});
});

describe('computeScorecard', () => {
	const card = computeScorecard(input, DEFAULT_RULES, AT);
	const zone = card.zones[0];
	const byKey = Object.fromEntries(zone.indicators.map((x) => [x.key, x]));

	it('scores the zone and the community alike when everything lies in the zone', () => {
		expect(zone).toMatchObject({ id: 10, name: '北区' });
		expect(card.total.figures).toEqual(zone.figures);
	});

	it('counts coverage of buildings by bins in place only (the planned bin does not serve)', () => {
		expect(zone.figures).toMatchObject({ bins: 1, buildings: 2, buildingsCoveredByBins: 1, binCoveragePct: 50 });
		expect(byKey.binCoverage).toMatchObject({ value: 50, target: 100, status: 'fails', rule: { key: 'binWalkingRadiusM', value: 70 } });
		expect(card.layers.uncoveredBuildings.features.map((b) => b.id)).toEqual([101]);
	});

	it('judges hardening with the alley target: the earth alley fails it', () => {
		expect(zone.figures.hardeningRatePct).toBe(50);
		expect(zone.figures.alleyHardeningRatePct).toBe(0);
		expect(byKey.roadHardening).toMatchObject({ status: 'fails', features: [{ collection: 'road-segments', id: 20 }] });
		expect(byKey.roadHardening.rule.source.zh).toContain('卫生');
	});

	it('lists the drains, boards, shops and hotspots behind each shortfall', () => {
		expect(zone.figures.drainsByCondition).toEqual({ clear: 0, silted: 0, blocked: 1, overflowing: 0 });
		expect(byKey.drainsNeedingDredging).toMatchObject({ value: 1, status: 'fails', features: [{ collection: 'drains', id: 30 }] });
		expect(byKey.boardsCurrent).toMatchObject({ value: 50, status: 'fails', features: [{ collection: 'display-boards', id: 41 }] });
		expect(byKey.shopsWithContract).toMatchObject({ value: 50, features: [{ collection: 'shops', id: 51 }] });
		expect(byKey.foodTradesLicensed).toMatchObject({ value: 50, features: [{ collection: 'shops', id: 51 }] });
		expect(byKey.hotspotsOverdue).toMatchObject({ value: 1, status: 'fails', features: [{ collection: 'hotspots', id: 60 }] });
		expect(byKey.hotspotsResolvedOnTime).toMatchObject({ value: 50, status: 'fails', features: [{ collection: 'hotspots', id: 61 }] });
		expect(zone.figures.hotspotsMedianDaysToResolve).toBe(5);
	});

	it('puts every failing item in the readiness summary, failures before near misses', () => {
		const items = card.readiness.find((r) => r.id === 10)!.items;
		expect(items.map((x) => x.key)).toContain('binCoverage');
		const statuses = items.map((x) => x.status);
		expect(statuses.every((s) => s === 'fails' || s === 'close')).toBe(true);
		expect(statuses).toEqual([...statuses].sort((a, b) => (a === 'fails' ? 0 : 1) - (b === 'fails' ? 0 : 1)));
	});

	it('marks what does not apply (no collection points, no buildings in reach) as none, not as a failure', () => {
		const empty = computeScorecard({ ...input, buildings: [], collectionPoints: [] }, DEFAULT_RULES, AT);
		const indicators = Object.fromEntries(empty.zones[0].indicators.map((x) => [x.key, x]));
		expect(indicators.binCoverage.status).toBe('none');
		expect(indicators.collectionPointCoverage.status).toBe('none');
	});
});

describe('除四害 indicators', () => {
	// Stations: one refilled 10 days before AT, one 45 days before (past 30), one never, one removed (not counted).
	// Surveys of zone 10: larvae with a container index of 5 % (below C = 3 %), flies at 2 % (C), and a
	// larvae survey dated after AT (not yet known at AT).
	const vectorInput: ScorecardInput = deepFreeze({
		...input,
		baitStations: [
			f(70, pt(116.351, 40.0005), { lastRefilledAt: '2026-10-22' }),
			f(71, pt(116.352, 40.0005), { lastRefilledAt: '2026-09-17' }),
			f(72, pt(116.353, 40.0005), {}),
			f(73, pt(116.3535, 40.0005), { status: 'removed' })
		],
		vectorSurveys: [
			f(80, pt(116.351, 40.003), { zoneId: '10', surveyKind: 'mosquito-larvae', surveyedAt: '2026-10-20', householdsInspected: 50, householdsPositive: 2, containersInspected: 60, containersPositive: 3 }),
			f(81, pt(116.351, 40.003), { zoneId: '10', surveyKind: 'fly', surveyedAt: '2026-10-21', placesInspected: 50, placesPositive: 1 }),
			f(82, pt(116.351, 40.003), { zoneId: '10', surveyKind: 'mosquito-larvae', surveyedAt: '2026-11-02', householdsInspected: 50, householdsPositive: 0, containersInspected: 60, containersPositive: 0 })
		]
	});
	const card = computeScorecard(vectorInput, DEFAULT_RULES, AT, 'UTC');
	const byKey = Object.fromEntries(card.zones[0].indicators.map((x) => [x.key, x]));

	it('bait stations refilled in time: 1 of 3 in use (33.33 %), the stale and the never-refilled listed', () => {
		expect(byKey.baitStationsCurrent).toMatchObject({ value: 33.33, status: 'fails', features: [{ collection: 'bait-stations', id: 71 }, { collection: 'bait-stations', id: 72 }] });
		expect(card.zones[0].figures).toMatchObject({ baitStations: 3, baitStationsStale: 2 });
	});

	it('vector density: one group of two below C, the survey behind it named; the later survey is not yet known', () => {
		expect(byKey.vectorDensity).toMatchObject({ value: 1, unit: 'count', target: 0, status: 'fails', features: [{ collection: 'vector-surveys', id: 80 }] });
		expect(card.zones[0].figures).toMatchObject({ vectorLevel: 'below-C', vectorBelowC: 1 });
		expect(card.total.indicators.find((x) => x.key === 'vectorDensity')).toMatchObject({ value: 1, status: 'fails' });
	});

	it('without surveys the indicator does not apply', () => {
		const none = computeScorecard(input, DEFAULT_RULES, AT, 'UTC');
		expect(none.zones[0].indicators.find((x) => x.key === 'vectorDensity')).toMatchObject({ value: null, status: 'none' });
		expect(none.zones[0].indicators.find((x) => x.key === 'baitStationsCurrent')).toMatchObject({ value: null, status: 'none' });
	});
});
