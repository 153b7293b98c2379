/**
 * The report's figures on a small community whose edits happen on fixed dates (a fixed clock), every
 * expected number worked out by hand below. Two zones side by side:
 *
 *   Z1: lon 116.350–116.352, lat 40.000–40.002        Z2: lon 116.352–116.354, same lat
 *
 * 2026-09-15  seed (stock): zones; road R1 in Z1 (earth, not hardened, 4 m wide, 116.3505→116.3515
 *             at 40.001: 85.39 m by cheap-ruler); road R2 in Z2 (asphalt); bin B1 in Z1; board D1 in
 *             Z1 (content 2026-06-01); shop S1 in Z2 (food, no contract, no licence); drain W1 in Z1 (silted)
 * 2026-10-05  bin B2 added in Z2; bin B3 added in Z1 as planned (not on the street: not "added")
 * 2026-10-10  R1 hardened (concrete)
 * 2026-10-12  D1 content renewed (2026-10-12)
 * 2026-10-15  S1 signs the frontage contract
 * 2026-10-20  W1 dredged: clear, lastDredgedAt 2026-10-20
 * 2026-10-21  hotspot H1 in Z1 reported 2026-10-21; H2 in Z2 entered late: reported 2026-09-28,
 *             resolved 2026-10-02 (due 2026-10-05)
 * 2026-10-25  B1 moved 17 m east
 * then, in November: B2 deleted, R1's hardening undone (revert), D1 renewed again, H2's report date corrected.
 *
 * October [2026-10-01, 2026-11-01): 1 bin added (B2), 1 moved (B1), 0 removed, 85.39 m / 341.57 m² hardened
 * (R1), 1 board renewed, 1 contract, 1 drain dredged, 1 hotspot reported (H1; H2 was reported in
 * September), 1 resolved (H2), 0 verified.
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

let now = new Date('2026-09-15T02:00:00Z');
const clock = () => now;
const at = (iso: string) => (now = new Date(iso));
const ms = (iso: string) => Date.parse(iso);

const pt = (lon: number, lat: number): Geometry => ({ type: 'Point', coordinates: [lon, lat] });
const box = (x0: number, y0: number, x1: number, y1: number): Geometry => ({
	type: 'Polygon',
	coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]]
});
const web = { author: 'tester', source: 'web' as const };

let db: Db;
let changesets: ChangesetRepository;
let report: ReportService;
const ids: Record<string, number> = {};
const OCTOBER = { from: ms('2026-10-01T00:00:00Z'), to: ms('2026-11-01T00:00:00Z') };
const NOVEMBER = { from: ms('2026-11-01T00:00:00Z'), to: ms('2026-12-01T00:00:00Z') };
const R1_LENGTH_M = 85.39;
const R1_AREA_M2 = 341.57;

async function create(name: string, kind: string, geometry: Geometry, properties: Record<string, unknown>, input = web) {
	ids[name] = (await changesets.apply(input, [{ op: 'create', kind, geometry, properties }])).results[0].id;
}
async function update(name: string, patch: { geometry?: Geometry; properties?: Record<string, unknown> }) {
	const history = await changesets.history(ids[name]);
	const last = history[history.length - 1];
	return await changesets.apply(web, [
		{ op: 'update', id: ids[name], baseVersion: last.version, geometry: patch.geometry, properties: patch.properties ? { ...last.properties, ...patch.properties } : undefined }
	]);
}

beforeAll(async () => {
	db = openDatabase(join(mkdtempSync(join(tmpdir(), 'sanimap-report-')), 'test.db'));
	changesets = new ChangesetRepository(db, { clock });
	// Figures worked out in UTC days; the report is read on a fixed later day, after every edit.
	report = new ReportService(new SqliteHistoryReads(db), { spamCaseIds: async () => spamMarkedCaseIds(db), rules: () => DEFAULT_RULES, buildings: () => [], timeZone: 'UTC', clock: () => new Date('2026-11-28T00:00:00Z') });

	at('2026-09-15T02:00:00Z');
	const seed = await changesets.apply({ author: 'sanimap', source: 'seed' }, [
		{ op: 'create', kind: 'zone', geometry: box(116.35, 40.0, 116.352, 40.002), properties: { name: 'Z1' } },
		{ op: 'create', kind: 'zone', geometry: box(116.352, 40.0, 116.354, 40.002), properties: { name: 'Z2' } },
		{ op: 'create', kind: 'roadSegment', geometry: { type: 'LineString', coordinates: [[116.3505, 40.001], [116.3515, 40.001]] }, properties: { name: 'R1', roadClass: 'branch', surface: 'earth', hardened: false, widthM: 4 } },
		{ op: 'create', kind: 'roadSegment', geometry: { type: 'LineString', coordinates: [[116.3525, 40.001], [116.3535, 40.001]] }, properties: { name: 'R2', roadClass: 'branch', surface: 'asphalt', hardened: true, widthM: 6 } },
		{ op: 'create', kind: 'bin', geometry: pt(116.3506, 40.0006), properties: { status: 'installed' } },
		{ op: 'create', kind: 'displayBoard', geometry: pt(116.3508, 40.0015), properties: { contentUpdatedAt: '2026-06-01' } },
		{ op: 'create', kind: 'shop', geometry: pt(116.3528, 40.0012), properties: { category: 'food', hygieneLicence: 'none' } },
		{ op: 'create', kind: 'drain', geometry: { type: 'LineString', coordinates: [[116.3505, 40.0012], [116.3515, 40.0012]] }, properties: { condition: 'silted' } }
	]);
	['Z1', 'Z2', 'R1', 'R2', 'B1', 'D1', 'S1', 'W1'].forEach((name, i) => (ids[name] = seed.results[i].id));

	at('2026-10-05T03:00:00Z');
	await create('B2', 'bin', pt(116.3532, 40.0008), { status: 'installed' });
	await create('B3', 'bin', pt(116.3511, 40.0018), { status: 'planned' });
	at('2026-10-10T03:00:00Z');
	ids.hardenR1 = (await update('R1', { properties: { surface: 'concrete', hardened: true, hardenedAt: '2026-10-10' } })).changeset.id;
	at('2026-10-12T03:00:00Z');
	await update('D1', { properties: { contentUpdatedAt: '2026-10-12' } });
	at('2026-10-15T03:00:00Z');
	await update('S1', { properties: { frontageContract: '2026-10-15' } });
	at('2026-10-20T03:00:00Z');
	await update('W1', { properties: { condition: 'clear', lastDredgedAt: '2026-10-20' } });
	at('2026-10-21T09:00:00Z');
	await create('H1', 'hotspot', pt(116.3509, 40.0009), { status: 'reported', reportedAt: '2026-10-21T08:00:00Z' });
	await create('H2', 'hotspot', pt(116.3531, 40.0016), { status: 'resolved', reportedAt: '2026-09-28T08:00:00Z', dueAt: '2026-10-05T08:00:00Z', resolvedAt: '2026-10-02T08:00:00Z' });
	at('2026-10-25T03:00:00Z');
	await update('B1', { geometry: pt(116.3508, 40.0006) }); // 0.0002° of longitude at 40° N: 17.1 m
});

/** The edits made after October: they must not change October's figures. */
async function editNovember() {
	at('2026-11-03T03:00:00Z');
	const b2 = await changesets.history(ids.B2);
	await changesets.apply(web, [{ op: 'delete', id: ids.B2, baseVersion: b2[b2.length - 1].version }]);
	at('2026-11-04T03:00:00Z');
	await changesets.revert(ids.hardenR1, web);
	at('2026-11-05T03:00:00Z');
	await update('D1', { properties: { contentUpdatedAt: '2026-11-05' } });
	await update('H2', { properties: { reportedAt: '2026-09-27T08:00:00Z' } });
}

describe('progress over October, from the history', () => {
	it('counts each figure as worked out by hand, in total and per zone', async () => {
		const summary = (await report.summary(OCTOBER));
		expect(summary.totals).toEqual({
			binsAdded: 1,
			binsMoved: 1,
			binsRemoved: 0,
			roadHardenedM: R1_LENGTH_M,
			roadHardenedM2: R1_AREA_M2,
			boardsRenewed: 1,
			contractsSigned: 1,
			drainsDredged: 1,
			hotspotsReported: 1,
			hotspotsResolved: 1,
			hotspotsVerified: 0,
			hotspotsFromStaff: 1,
			hotspotsFromPublic: 0,
			hotspotsReopenedByResidents: 0
		});
		const [z1, z2] = summary.zones;
		expect(z1).toMatchObject({ id: ids.Z1, name: 'Z1', binsAdded: 0, binsMoved: 1, roadHardenedM: R1_LENGTH_M, boardsRenewed: 1, drainsDredged: 1, hotspotsReported: 1, hotspotsResolved: 0, contractsSigned: 0 });
		expect(z2).toMatchObject({ id: ids.Z2, name: 'Z2', binsAdded: 1, binsMoved: 0, roadHardenedM: 0, contractsSigned: 1, hotspotsReported: 0, hotspotsResolved: 1 });
	});

	it('names the feature and the changesets behind every figure', async () => {
		const items = (await report.summary(OCTOBER)).items;
		const byFigure = (figure: string) => items.filter((i) => i.figure === figure).map((i) => [i.collection, i.id, i.zoneId]);
		expect(byFigure('binsAdded')).toEqual([['bins', ids.B2, ids.Z2]]);
		expect(byFigure('roadHardenedM')).toEqual([['road-segments', ids.R1, ids.Z1]]);
		expect(items.find((i) => i.figure === 'roadHardenedM')).toMatchObject({ amount: R1_LENGTH_M, changesetIds: [ids.hardenR1] });
		expect(byFigure('hotspotsReported')).toEqual([['hotspots', ids.H1, ids.Z1]]);
		for (const item of items) expect(item.changesetIds.length, `${item.figure} ${item.id}`).toBeGreaterThan(0);
	});

	it('treats the seed as stock: September, with the seed in it, added nothing', async () => {
		const september = (await report.summary({ from: ms('2026-09-01T00:00:00Z'), to: OCTOBER.from }));
		expect(september.totals).toMatchObject({ binsAdded: 0, roadHardenedM: 0, boardsRenewed: 0, contractsSigned: 0, drainsDredged: 0 });
		// H2 was reported on 28 September but only recorded on 21 October: as recorded at the end of September, nothing was reported.
		expect(september.totals.hotspotsReported).toBe(0);
		expect(september.historyStartsAt).toBe('2026-09-15T02:00:00.000Z');
	});

	it('gives the same answer for October after later edits, and counts November on its own', async () => {
		const before = (await report.full(OCTOBER));
		await editNovember();
		const after = (await report.full(OCTOBER));
		expect(after).toEqual(before);
		expect((await report.summary(NOVEMBER)).totals).toMatchObject({ binsAdded: 0, binsRemoved: 1, roadHardenedM: 0, boardsRenewed: 1, hotspotsReported: 0 });
	});
});

describe('scorecard at the end of October and the change over the month', () => {
	it('judges the community against the rules with the rule and its source', async () => {
		const { scorecard } = (await report.full(OCTOBER));
		const total = Object.fromEntries(scorecard.total.indicators.map((x) => [x.key, x]));
		expect(total.roadHardening).toMatchObject({ value: 100, status: 'meets', target: 90 });
		expect(total.roadHardening.rule.source.en).toMatch(/sanitary/);
		expect(total.boardsCurrent).toMatchObject({ value: 100, status: 'meets' });
		expect(total.drainsNeedingDredging).toMatchObject({ value: 0, status: 'meets' });
		expect(total.shopsWithContract).toMatchObject({ value: 100, status: 'meets' });
		// S1 is a food shop without a valid licence: 0 of 1 licensed, and it is the feature behind the failure.
		expect(total.foodTradesLicensed).toMatchObject({ value: 0, status: 'fails', features: [{ collection: 'shops', id: ids.S1 }] });
		expect(scorecard.total.figures).toMatchObject({ bins: 2, hotspots: 2, hotspotsOpen: 1, hotspotsResolvedOnTimePct: 100 });
	});

	it('shows each zone’s indicators at the start and the end of the period', async () => {
		const { changes } = (await report.full(OCTOBER));
		const z1 = changes.find((c) => c.id === ids.Z1)!;
		const hardening = z1.indicators.find((x) => x.key === 'roadHardening')!;
		expect(hardening).toEqual({ key: 'roadHardening', start: 0, end: 100, change: 100 });
		const boards = z1.indicators.find((x) => x.key === 'boardsCurrent')!;
		// D1's content of 2026-06-01 was 122 days old on 1 October (stale past 60 days); renewed on 12 October.
		expect(boards).toEqual({ key: 'boardsCurrent', start: 0, end: 100, change: 100 });
	});

	it('lists weekly progress across the period', async () => {
		const weeks = (await report.weekly(OCTOBER));
		expect(weeks[0].weekStart).toBe('2026-09-28T00:00:00Z');
		expect(weeks).toHaveLength(5);
		const sum = (key: 'binsAdded' | 'hotspotsReported' | 'hotspotsResolved') => weeks.reduce((n, w) => n + w.figures[key], 0);
		expect([sum('binsAdded'), sum('hotspotsReported'), sum('hotspotsResolved')]).toEqual([1, 1, 1]);
		expect(weeks[1].figures.binsAdded).toBe(1); // week of 5 October
	});
});

describe('periods in the project time zone (Asia/Shanghai)', () => {
	const SH = 'Asia/Shanghai';
	// Beijing's October: [2026-09-30T16:00Z, 2026-10-31T16:00Z); November starts at 00:00 there.
	const OCTOBER_SH = { from: ms('2026-09-30T16:00:00Z'), to: ms('2026-10-31T16:00:00Z') };
	const NOVEMBER_SH = { from: ms('2026-10-31T16:00:00Z'), to: ms('2026-11-30T16:00:00Z') };
	let local: ReportService;

	beforeAll(() => {
		const own = openDatabase(join(mkdtempSync(join(tmpdir(), 'sanimap-report-zone-')), 'test.db'));
		let t = new Date('2026-09-01T00:00:00Z');
		const repo = new ChangesetRepository(own, { clock: () => t });
		const seeded = repo.applyNow({ author: 'sanimap', source: 'seed' }, [
			{ op: 'create', kind: 'zone', geometry: box(116.35, 40.0, 116.352, 40.002), properties: { name: 'Z1' } },
			{ op: 'create', kind: 'displayBoard', geometry: pt(116.3508, 40.0015), properties: { contentUpdatedAt: '2026-06-01' } }
		]);
		// 15:59:59Z is 23:59:59 on 31 October in Beijing; 17:30Z is 01:30 on 1 November there. Each is recorded as it is reported.
		for (const reportedAt of ['2026-10-31T15:59:59Z', '2026-10-31T17:30:00Z']) {
			t = new Date(reportedAt);
			repo.applyNow(web, [{ op: 'create', kind: 'hotspot', geometry: pt(116.3509, 40.0009), properties: { status: 'reported', reportedAt } }]);
		}
		// Renewed on 1 November, a Beijing date, recorded on the evening of 31 October UTC.
		t = new Date('2026-10-31T17:00:00Z');
		repo.applyNow(web, [{ op: 'update', id: seeded.results[1].id, baseVersion: 1, properties: { contentUpdatedAt: '2026-11-01' } }]);
		local = new ReportService(new SqliteHistoryReads(own), { spamCaseIds: async () => spamMarkedCaseIds(own), rules: () => DEFAULT_RULES, buildings: () => [], timeZone: SH, clock: () => new Date('2026-12-15T00:00:00Z') });
	});

	it('counts a report at 2026-10-31T17:30Z in November and one at 15:59:59Z in October', async () => {
		expect((await local.summary(OCTOBER_SH)).totals).toMatchObject({ hotspotsReported: 1, boardsRenewed: 0 });
		expect((await local.summary(NOVEMBER_SH)).totals).toMatchObject({ hotspotsReported: 1, boardsRenewed: 1 });
		// Cut in UTC, both reports and the renewal would fall in October.
		expect((await local.summary(OCTOBER)).totals.hotspotsReported).toBe(2);
	});

	it('writes the period and its weeks with the zone offset and names the zone', async () => {
		const summary = (await local.summary(NOVEMBER_SH));
		expect(summary.period).toEqual({ from: '2026-11-01T00:00:00+08:00', to: '2026-12-01T00:00:00+08:00' });
		expect(summary.timeZone).toBe(SH);
		const weeks = (await local.weekly(NOVEMBER_SH));
		// Sunday 1 November belongs to the week of Monday 26 October; five more Mondays follow in November.
		expect(weeks.map((w) => w.weekStart)).toEqual(['2026-10-26T00:00:00+08:00', '2026-11-02T00:00:00+08:00', '2026-11-09T00:00:00+08:00', '2026-11-16T00:00:00+08:00', '2026-11-23T00:00:00+08:00', '2026-11-30T00:00:00+08:00']);
		expect(weeks[0].figures.hotspotsReported).toBe(1);
	});
});
