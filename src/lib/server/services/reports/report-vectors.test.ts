/**
 * The report's 除四害 section reads the records as they stood at the end of its period, in the
 * project's time zone (Asia/Shanghai), on a fixed clock; every figure worked out by hand:
 *
 * 2026-10-01T02:00Z  seed: zone Z
 * 2026-10-20T02:00Z  larvae survey dated 2026-10-20: 50 households, 2 positive, 80 containers,
 *                    2 positive → BI 4, HI 4 %, CI 2.5 % (C = 3 %: reaches C); bait 3 kg dated 2026-10-20
 * 2026-10-31T15:30Z  (23:30 on 31 October in Shanghai, still October there) cockroach survey dated
 *                    2026-10-31: 40 rooms, 2 positive → 5 % (C = 5 %: exactly at C)
 * 2026-10-31T16:30Z  (00:30 on 1 November in Shanghai) entered late: fly survey dated 2026-10-31,
 *                    20 rooms, 4 positive → 20 % (below C), and a bait of 10 kg dated 2026-10-30
 * 2026-11-05T02:00Z  the October larvae survey corrected: 9 positive containers → CI 11.25 % (below C)
 *
 * October's report, read on 28 November, shows what had been recorded by 1 November 00:00 in
 * Shanghai: the larvae survey as first recorded (C), the cockroach survey (C), no fly survey, 3 kg of
 * bait; the zone reaches C and nothing fails. The 除四害 tab, reading the records as they stand now,
 * shows the late fly survey (below C) and the correction.
 */
import { SqliteHistoryReads } from '../../repositories/history-at';
import { spamMarkedCaseIds } from '../../repositories/open311';
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Geometry } from 'geojson';
import { openDatabase, type Db } from '../../db';
import { ChangesetRepository } from '../../repositories/changesets';
import { DEFAULT_RULES } from '../../../domain/rules';
import { ReportService } from './report';

let now = new Date('2026-10-01T02:00:00Z');
const at = (iso: string) => (now = new Date(iso));
const box: Geometry = { type: 'Polygon', coordinates: [[[116.35, 40.0], [116.352, 40.0], [116.352, 40.002], [116.35, 40.002], [116.35, 40.0]]] };
const inZone: Geometry = { type: 'Point', coordinates: [116.351, 40.001] };
const web = { author: 'tester', source: 'web' as const };
// October in Shanghai: [2026-10-01T00:00+08:00, 2026-11-01T00:00+08:00).
const OCTOBER = { from: Date.parse('2026-09-30T16:00:00Z'), to: Date.parse('2026-10-31T16:00:00Z') };

let db: Db;
let changesets: ChangesetRepository;
let report: ReportService;
let zoneId: number;
let larvaeId: number;

async function record(kind: 'vectorSurvey' | 'vectorActivity', properties: Record<string, unknown>): Promise<number> {
	return (await changesets.apply(web, [{ op: 'create', kind, geometry: inZone, properties: { zoneId: String(zoneId), ...properties } }])).results[0].id;
}

beforeAll(async () => {
	db = openDatabase(join(mkdtempSync(join(tmpdir(), 'sanimap-report-vectors-')), 'test.db'));
	changesets = new ChangesetRepository(db, { clock: () => now });
	report = new ReportService(new SqliteHistoryReads(db), { spamCaseIds: async () => spamMarkedCaseIds(db), rules: () => DEFAULT_RULES, buildings: () => [], timeZone: 'Asia/Shanghai', clock: () => new Date('2026-11-28T02:00:00Z') });

	at('2026-10-01T02:00:00Z');
	zoneId = (await changesets.apply({ author: 'sanimap', source: 'seed' }, [{ op: 'create', kind: 'zone', geometry: box, properties: { name: 'Z' } }])).results[0].id;
	at('2026-10-20T02:00:00Z');
	larvaeId = await record('vectorSurvey', { surveyKind: 'mosquito-larvae', surveyedAt: '2026-10-20', householdsInspected: 50, householdsPositive: 2, containersInspected: 80, containersPositive: 2 });
	await record('vectorActivity', { activityKind: 'bait', activityAt: '2026-10-20', amountKg: 3 });
	at('2026-10-31T15:30:00Z');
	await record('vectorSurvey', { surveyKind: 'cockroach', surveyedAt: '2026-10-31', placesInspected: 40, placesPositive: 2 });
});

/** What arrives after October has ended in Shanghai: a late survey and activity, and a correction. */
async function recordLater() {
	at('2026-10-31T16:30:00Z');
	await record('vectorSurvey', { surveyKind: 'fly', surveyedAt: '2026-10-31', placesInspected: 20, placesPositive: 4 });
	await record('vectorActivity', { activityKind: 'bait', activityAt: '2026-10-30', amountKg: 10 });
	at('2026-11-05T02:00:00Z');
	const history = await changesets.history(larvaeId);
	const last = history[history.length - 1];
	await changesets.apply(web, [{ op: 'update', id: larvaeId, baseVersion: last.version, properties: { ...last.properties, containersPositive: 9 } }]);
}

describe("the report's 除四害 section, as recorded by the end of its period", () => {
	let before: Awaited<ReturnType<ReportService['full']>>['vectors'];

	it('October: the larvae survey reaches C (CI 2.5 %), the cockroach survey at exactly 5 % reaches C, 3 kg of bait', async () => {
		before = (await report.full(OCTOBER)).vectors;
		expect(before.from).toBe('2026-10-01');
		expect(before.to).toBe('2026-11-01');
		const z = before.zones[0];
		expect(z.mosquito).toMatchObject({ surveyedAt: '2026-10-20', breteauIndex: 4, houseIndex: 4, containerIndex: 2.5, level: 'C' });
		expect(z.cockroach).toMatchObject({ surveyedAt: '2026-10-31', positiveRatePct: 5, level: 'C' });
		expect(z.fly.surveyId).toBeNull();
		expect(z.level).toBe('C');
		expect(z.failing).toEqual([]);
		expect(z.activities.bait).toEqual({ records: 1, amountKg: 3, areaM2: 0, count: 0 });
		expect(before.total.surveys).toBe(2);
	});

	it('gives the same section after a late survey, a late activity and a correction are recorded', async () => {
		await recordLater();
		expect((await report.full(OCTOBER)).vectors).toEqual(before);
	});

	it('the 除四害 tab reads the records as they stand now: the late fly survey fails, the correction shows', async () => {
		const live = (await report.vectors(OCTOBER));
		const z = live.zones[0];
		expect(z.fly).toMatchObject({ surveyedAt: '2026-10-31', positiveRatePct: 20, level: 'below-C' });
		expect(z.mosquito).toMatchObject({ containerIndex: 11.25, level: 'below-C' });
		expect(z.failing).toEqual(['mosquito', 'fly']);
		expect(z.activities.bait).toEqual({ records: 2, amountKg: 13, areaM2: 0, count: 0 });
	});
});
