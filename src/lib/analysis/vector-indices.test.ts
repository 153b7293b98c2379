import { describe, expect, it } from 'vitest';
import type { Feature } from 'geojson';
import { computeVectorFigures, staleBaitStations, surveyIndices, surveyJudgement } from './vector-indices';
import { DEFAULT_VECTOR_LEVELS, densityLevel, levelMayBeBetter, type VectorLevels } from '../domain/vector-levels';
import { checkVectorActivity, checkVectorSurvey } from '../domain/vector-records';

const square = (x: number) => ({ type: 'Polygon' as const, coordinates: [[[x, 0], [x + 1, 0], [x + 1, 1], [x, 1], [x, 0]]] });
const zones: Feature[] = [
	{ type: 'Feature', id: 1, geometry: square(0), properties: { name: '东片' } },
	{ type: 'Feature', id: 2, geometry: square(1), properties: { name: '西片' } }
];
let nextId = 100;
const survey = (props: Record<string, unknown>): Feature => ({ type: 'Feature', id: nextId++, geometry: { type: 'Point', coordinates: [0.5, 0.5] }, properties: props });
const activity = survey;

// Test thresholds for the Breteau index (the shipped default leaves them unset: not found in the sources).
const levels: VectorLevels = { ...DEFAULT_VECTOR_LEVELS, mosquitoBreteauIndex: { A: 5, B: 10, C: 20 } };

describe('survey indices (worked by hand)', () => {
	it('101 households, 5 positive, 140 containers, 7 positive: BI 6.93, HI 4.95 %, CI 5 %', () => {
		expect(surveyIndices({ surveyKind: 'mosquito-larvae', householdsInspected: 101, householdsPositive: 5, containersInspected: 140, containersPositive: 7 })).toEqual({
			breteauIndex: 6.93, // 7 / 101 × 100 = 6.9307
			houseIndex: 4.95, // 5 / 101 × 100 = 4.9505
			containerIndex: 5 // 7 / 140 × 100
		});
	});
	it('containers not counted: no Breteau or container index, the house index stands', () => {
		expect(surveyIndices({ surveyKind: 'mosquito-larvae', householdsInspected: 40, householdsPositive: 1 })).toEqual({ breteauIndex: null, houseIndex: 2.5, containerIndex: null });
	});
	it('powder patches, traps, flies, cockroaches: positive ÷ inspected × 100', () => {
		expect(surveyIndices({ surveyKind: 'rodent-powder', patchesLaid: 200, patchesPositive: 3 })).toEqual({ positiveRatePct: 1.5 });
		expect(surveyIndices({ surveyKind: 'rodent-trap', trapsSet: 300, trapsCaught: 2 })).toEqual({ positiveRatePct: 0.67 });
		expect(surveyIndices({ surveyKind: 'fly', placesInspected: 60, placesPositive: 5 })).toEqual({ positiveRatePct: 8.33 });
		expect(surveyIndices({ surveyKind: 'cockroach', placesInspected: 0, placesPositive: 0 })).toEqual({ positiveRatePct: null });
	});
});

describe('density levels', () => {
	it('a value equal to a threshold reaches that level (不超过)', () => {
		const th = { A: 1, B: 3, C: 5 };
		expect(densityLevel(1, th)).toBe('A');
		expect(densityLevel(1.01, th)).toBe('B');
		expect(densityLevel(3, th)).toBe('B');
		expect(densityLevel(5, th)).toBe('C');
		expect(densityLevel(5.01, th)).toBe('below-C');
	});
	it('with only C known a value meeting it is C; with C unknown nothing above A or B is judged', () => {
		expect(densityLevel(0, { A: null, B: null, C: 9 })).toBe('C');
		expect(densityLevel(9.5, { A: null, B: null, C: 9 })).toBe('below-C');
		expect(densityLevel(4, { A: 1, B: 3, C: null })).toBeNull();
		expect(densityLevel(4, { A: null, B: null, C: null })).toBeNull();
	});
	it('a level is a floor where a better grade is unset: with only C known, meeting C is "C or better"', () => {
		expect(levelMayBeBetter('C', { A: null, B: null, C: 9 })).toBe(true);
		expect(levelMayBeBetter('C', { A: 1, B: 3, C: 9 })).toBe(false);
		expect(levelMayBeBetter('B', { A: null, B: 3, C: 9 })).toBe(true);
		expect(levelMayBeBetter('A', { A: 1, B: null, C: null })).toBe(false);
		expect(levelMayBeBetter('below-C', { A: null, B: null, C: 9 })).toBe(false);
		expect(levelMayBeBetter(null, { A: null, B: null, C: null })).toBe(false);
	});
	it('a larvae survey takes the worst of its indices: BI 6.93 is B, CI 5 % is below C (C = 3 %)', () => {
		const larvae = { surveyKind: 'mosquito-larvae', householdsInspected: 101, householdsPositive: 5, containersPositive: 7 };
		expect(surveyJudgement({ ...larvae, containersInspected: 140 }, levels)).toEqual({ level: 'below-C', levelMayBeBetter: false });
		// BI 6.93 is B (A, B and C set); CI 7 ÷ 250 = 2.8 % meets C with A and B unset: the worse is C, perhaps better.
		expect(surveyJudgement({ ...larvae, containersInspected: 250 }, levels)).toEqual({ level: 'C', levelMayBeBetter: true });
		// Containers not counted: no Breteau or container index, and the house index has no thresholds: not judged.
		expect(surveyJudgement({ surveyKind: 'mosquito-larvae', householdsInspected: 101, householdsPositive: 5 }, levels)).toEqual({ level: null, levelMayBeBetter: false });
	});
});

describe('per zone and period', () => {
	const surveys = [
		survey({ zoneId: '1', surveyKind: 'mosquito-larvae', surveyedAt: '2026-10-20', householdsInspected: 100, householdsPositive: 8, containersInspected: 120, containersPositive: 12 }),
		survey({ zoneId: '1', surveyKind: 'mosquito-larvae', surveyedAt: '2026-11-05', householdsInspected: 101, householdsPositive: 5, containersInspected: 140, containersPositive: 7 }),
		// Exactly at the C boundary of rooms with flies (9 %).
		survey({ zoneId: '2', surveyKind: 'fly', surveyedAt: '2026-11-10', placesInspected: 100, placesPositive: 9 }),
		survey({ zoneId: '2', surveyKind: 'rodent-trap', surveyedAt: '2026-11-02', trapsSet: 50, trapsCaught: 1 }),
		survey({ zoneId: '2', surveyKind: 'rodent-powder', surveyedAt: '2026-11-12', patchesLaid: 200, patchesPositive: 3 }),
		survey({ zoneId: '2', surveyKind: 'cockroach', surveyedAt: '2026-12-01', placesInspected: 10, placesPositive: 5 })
	];
	const activities = [
		activity({ zoneId: '1', activityKind: 'bait', activityAt: '2026-11-03', amountKg: 20.5, count: 105 }),
		activity({ zoneId: '1', activityKind: 'spray', activityAt: '2026-11-04', areaM2: 3000 }),
		activity({ zoneId: '2', activityKind: 'bait', activityAt: '2026-11-15', amountKg: 4.5 }),
		activity({ zoneId: '2', activityKind: 'bait', activityAt: '2026-10-30', amountKg: 10 })
	];
	const out = computeVectorFigures(zones, surveys, activities, levels, { from: '2026-11-01', to: '2026-12-01' });
	const [east, west] = out.zones;

	it('东片: the November larvae survey, improving on October (BI 12 → 6.93), below C on the container index', () => {
		expect(east.mosquito).toMatchObject({ surveyedAt: '2026-11-05', breteauIndex: 6.93, houseIndex: 4.95, containerIndex: 5, level: 'below-C', trend: 'improving' });
		expect(east.level).toBe('below-C');
		expect(east.levelMayBeBetter).toBe(false);
		expect(east.failing).toEqual(['mosquito']);
		expect(east.rodent.level).toBeNull();
	});
	it('西片: flies at exactly 9 % reach C; the latest rodent survey is the powder one (1.5 %, C); December is outside', () => {
		expect(west.fly).toMatchObject({ positiveRatePct: 9, level: 'C', trend: null });
		expect(west.rodent).toMatchObject({ method: 'rodent-powder', positiveRatePct: 1.5, level: 'C' });
		expect(west.cockroach.surveyedAt).toBeNull();
		expect(west.level).toBe('C');
		// A and B of both indices are unset: the zone reaches C or better.
		expect([west.fly.levelMayBeBetter, west.rodent.levelMayBeBetter, west.levelMayBeBetter]).toEqual([true, true, true]);
		expect(west.failing).toEqual([]);
	});
	it('activities are totalled per zone and for the community, in the period only', () => {
		expect(east.activities.bait).toEqual({ records: 1, amountKg: 20.5, areaM2: 0, count: 105 });
		expect(east.activities.spray).toEqual({ records: 1, amountKg: 0, areaM2: 3000, count: 0 });
		expect(west.activities.bait).toEqual({ records: 1, amountKg: 4.5, areaM2: 0, count: 0 });
		expect(out.total.activities.bait).toEqual({ records: 2, amountKg: 25, areaM2: 0, count: 105 });
		expect(out.total.surveys).toBe(4);
		expect(out.total.counts).toMatchObject({ householdsInspected: 101, containersPositive: 7, placesInspected: 100, placesPositive: 9, patchesLaid: 200, trapsSet: 50 });
		expect(out.total.zonesByLevel).toEqual({ A: 0, B: 0, C: 1, 'below-C': 1, none: 0 });
		expect(out.total.zonesFailing).toBe(1);
	});
});

describe('record checks', () => {
	const ctx = { now: new Date('2026-11-30T17:00:00Z'), timeZone: 'Asia/Shanghai' };
	it('positives above inspected name the field, in English and Chinese', () => {
		const issues = checkVectorSurvey({ surveyKind: 'mosquito-larvae', surveyedAt: '2026-11-20', householdsInspected: 10, householdsPositive: 11, containersInspected: 20, containersPositive: 12 }, ctx);
		expect(issues).toEqual([
			expect.objectContaining({ code: 'vector.positives-above-inspected', path: 'properties.householdsPositive', messageZh: expect.stringContaining('阳性户数') })
		]);
	});
	it('a date is "in the future" by the project\'s day: 1 December is today in Shanghai at 01:00', () => {
		expect(checkVectorSurvey({ surveyKind: 'fly', surveyedAt: '2026-12-01', placesInspected: 5, placesPositive: 0 }, ctx)).toEqual([]);
		expect(checkVectorSurvey({ surveyKind: 'fly', surveyedAt: '2026-12-02', placesInspected: 5, placesPositive: 0 }, ctx).map((i) => i.code)).toEqual(['vector.future-date']);
		expect(checkVectorSurvey({ surveyKind: 'fly', surveyedAt: '2026-12-01', placesInspected: 5, placesPositive: 0 }, { ...ctx, timeZone: 'UTC' }).map((i) => i.code)).toEqual(['vector.future-date']);
	});
	it("counts of another method and missing counts are refused; an activity needs an amount", () => {
		expect(checkVectorSurvey({ surveyKind: 'rodent-trap', surveyedAt: '2026-11-01', trapsSet: 5, patchesLaid: 3 }, ctx).map((i) => [i.code, i.path])).toEqual([
			['vector.count-not-of-method', 'properties.patchesLaid'],
			['vector.count-required', 'properties.trapsCaught']
		]);
		expect(checkVectorActivity({ activityKind: 'spray', activityAt: '2026-11-01' }, ctx).map((i) => i.code)).toEqual(['vector.activity-empty']);
	});
});

describe('bait stations go stale as display boards do', () => {
	it('refilled 30 days before is current, 31 days before or never is stale; removed stations are left out', () => {
		const at = Date.parse('2026-11-30T16:00:00Z'); // 1 December 00:00 in Shanghai
		const st = (props: Record<string, unknown>): Feature => ({ type: 'Feature', id: nextId++, geometry: { type: 'Point', coordinates: [0, 0] }, properties: props });
		const stations = [st({ lastRefilledAt: '2026-11-01' }), st({ lastRefilledAt: '2026-10-31' }), st({}), st({ status: 'removed' })];
		expect(staleBaitStations(stations, at, 30, 'Asia/Shanghai')).toEqual([stations[1], stations[2]]);
	});
});
