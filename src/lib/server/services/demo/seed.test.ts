/**
 * The demo seed at several first starts (a pinned now each): a history ending within the week
 * before now, every date of the demo files moved by the same whole number of weeks, and a report
 * for last month that agrees with the hotspot figures of the same month and shows the zones.
 */
import { SqliteHistoryReads } from '../../repositories/history-at';
import { spamMarkedCaseIds } from '../../repositories/open311';
import { beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Feature, Geometry } from 'geojson';
import { openDatabase } from '../../db';
import { appRoot } from '../../app-root';
import { DEFAULT_RULES } from '../../../domain/rules';
import { addDays, localDate, parseInstant } from '../../../domain/time/instants';
import { presetPeriod } from '../../../domain/time/periods';
import { aggregateHotspotsByZone } from '../../../analysis/zone-aggregate';
import { FeatureRepository } from '../../repositories/features';
import { ChangesetRepository } from '../../repositories/changesets';
import { ContextLayers } from '../basemap/context-layers';
import { ReportService } from '../reports/report';
import { readDemoFeatures, seedDemoCommunity } from './seed';

const SH = 'Asia/Shanghai';
const WEEK_MS = 7 * 86_400_000;
const demoDir = join(appRoot, 'data', 'demo');
const demo = readDemoFeatures(demoDir);
const buildings = new ContextLayers(join(appRoot, 'data')).get('buildings').features;

interface ChangesetRow {
	id: number;
	createdAt: string;
	source: string;
	meta: string | null;
}

async function seeded(nowIso: string) {
	const now = Date.parse(nowIso);
	const db = openDatabase(':memory:');
	const { created } = await seedDemoCommunity((clock) => new ChangesetRepository(db, { clock }), demoDir, { now, timeZone: SH });
	const changesets = db.$client.prepare('SELECT id, created_at AS createdAt, source, meta FROM changesets ORDER BY id').all() as ChangesetRow[];
	const features = new FeatureRepository(db);
	const report = new ReportService(new SqliteHistoryReads(db), { spamCaseIds: async () => spamMarkedCaseIds(db), rules: () => DEFAULT_RULES, buildings: () => buildings, timeZone: SH, clock: () => new Date(now) });
	return { db, now, created, changesets, features, report };
}

describe.each(['2026-11-28T09:00:00+08:00', '2026-12-01T00:30:00+08:00', '2027-06-15T10:00:00+08:00', '2026-03-02T08:00:00+08:00'])('the demo seeded at first start %s', (nowIso) => {
	let s: Awaited<ReturnType<typeof seeded>>;
	beforeAll(async () => {
		s = await seeded(nowIso);
	});

	it('writes a stock changeset first, then the edits in time order, the newest within the week before now', async () => {
		expect(s.created).toBe(demo.length);
		const [stock, ...edits] = s.changesets;
		expect(stock.source).toBe('seed');
		expect(edits.length).toBeGreaterThan(500);
		for (const c of edits) expect(JSON.parse(c.meta!)).toMatchObject({ demo: true });
		const times = s.changesets.map((c) => Date.parse(c.createdAt));
		expect([...times].sort((a, b) => a - b)).toEqual(times);
		expect(times[0]).toBeLessThan(times[1]);
		const newest = times.at(-1)!;
		expect(newest).toBeLessThanOrEqual(s.now);
		expect(newest).toBeGreaterThan(s.now - WEEK_MS);
	});

	it('ends with every feature of the demo files, every date moved by the same whole number of weeks', async () => {
		const shifts = new Set<number>();
		for (const kind of new Set(demo.map((f) => f.def.kind))) {
			const files = demo.filter((f) => f.def.kind === kind);
			// Features are created in the order they happened, not in file order: match them by position.
			const stored = new Map((await s.features.all(kind)).map((f) => [JSON.stringify(f.geometry), f.properties]));
			expect(stored.size, kind).toBe(files.length);
			for (const f of files) {
				const now = stored.get(JSON.stringify(f.geometry))!;
				expect(now, kind).toBeDefined();
				for (const field of f.def.fields) {
					const value = f.properties[field.key];
					if (value === undefined) continue;
					if (field.type === 'date') {
						const days = Math.round((Date.parse(`${now[field.key]}T00:00:00Z`) - Date.parse(`${value}T00:00:00Z`)) / 86_400_000);
						shifts.add(days);
						expect(addDays(String(value), days), `${kind}.${field.key}`).toBe(now[field.key]);
					} else if (field.type === 'datetime') shifts.add((parseInstant(now[field.key], SH)! - parseInstant(value, SH)!) / 86_400_000);
					else if (field.key === 'zoneId' && (kind === 'vectorSurvey' || kind === 'vectorActivity')) {
						// The demo file names the zone by its file id; stored, it is that zone's feature id.
						const zone = await s.features.get('zone', Number(now.zoneId));
						const file = demo.find((z) => z.fileId === value)!;
						expect(zone?.properties.name, `${kind}.zoneId`).toBe(file.properties.name);
					} else expect(now[field.key], `${kind}.${field.key}`).toEqual(value);
				}
			}
		}
		expect(shifts.size).toBe(1);
		expect([...shifts][0] % 7 === 0).toBe(true);
	});

	it('tells the story of each case with its own dates: reported, assigned the deadline before it is due, resolved, verified', async () => {
		const hotspots = (await s.features.all('hotspot'));
		for (const h of hotspots) {
			const p = h.properties;
			if (p.status === 'verified') {
				expect(Date.parse(String(p.dueAt)) - Date.parse(String(p.assignedAt))).toBe(DEFAULT_RULES.hotspotDeadlineDays * 86_400_000);
				expect(Date.parse(String(p.verifiedAt))).toBeGreaterThan(Date.parse(String(p.resolvedAt)));
			}
			if (p.status === 'rejected') expect(String(p.rejectionReason).length).toBeGreaterThan(0);
		}
		const case1 = hotspots.find((h) => h.properties.status === 'verified')!;
		const versions = s.db.$client
			.prepare("SELECT v.version, v.created_at AS at, json_extract(v.properties, '$.status') AS status FROM feature_versions v WHERE v.feature_id = ? ORDER BY v.version")
			.all(case1.id) as { at: string; status: string }[];
		expect(versions.map((v) => v.status)).toEqual(['reported', 'assigned', 'resolved', 'verified']);
		expect(Date.parse(versions[0].at)).toBe(Date.parse(String(case1.properties.reportedAt)));
		expect(Date.parse(versions[1].at)).toBe(Date.parse(String(case1.properties.assignedAt)));
		expect(Date.parse(versions[2].at)).toBe(Date.parse(String(case1.properties.resolvedAt)));
		// Weekdays stay: a case reported on a Saturday in the files is reported on a Saturday now.
		const weekday = (iso: unknown) => new Date(parseInstant(iso, SH)! + 8 * 3_600_000).getUTCDay();
		const byPlace = new Map(hotspots.map((h) => [JSON.stringify(h.geometry), h.properties]));
		for (const f of demo.filter((x) => x.def.kind === 'hotspot')) expect(weekday(byPlace.get(JSON.stringify(f.geometry))!.reportedAt)).toBe(weekday(f.properties.reportedAt));
	});

	it('reports last month with the zones, the same hotspot count as the zone figures, and progress from the history', async () => {
		const month = presetPeriod('month', 'previous', s.now, SH);
		const period = { from: parseInstant(month.from, SH)!, to: parseInstant(month.to, SH)! };
		const full = (await s.report.full(period));
		expect(full.scorecard.zones).toHaveLength(10);
		expect(full.summary.zones).toHaveLength(10);
		const coverage = full.scorecard.total.indicators.find((x) => x.key === 'binCoverage')!;
		expect(coverage.value).toBeGreaterThan(0);
		const toFeature = (f: { id: number; geometry: Geometry; properties: Record<string, unknown> }): Feature<Geometry> => ({ type: 'Feature', id: f.id, geometry: f.geometry, properties: f.properties });
		const figures = aggregateHotspotsByZone((await s.features.all('hotspot')).map(toFeature), (await s.features.all('zone')).map(toFeature), { now: s.now, range: period, timeZone: SH });
		const mapped = figures.zones.reduce((n, z) => n + z.count, 0) + figures.outside;
		expect(mapped).toBeGreaterThan(0);
		expect(full.summary.totals.hotspotsReported).toBe(mapped);
		expect(full.weekly.reduce((n, w) => n + w.figures.hotspotsReported, 0)).toBe(mapped);
		// The history begins long before last month: the report has figures, not "no record".
		expect(Date.parse(full.summary.historyStartsAt!)).toBeLessThan(period.from);
		expect(localDate(Date.parse(full.summary.historyStartsAt!), SH) < month.from).toBe(true);
	});

	it('shows the field work of the last months as progress, not as stock', async () => {
		const { binsAdded, boardsRenewed, drainsDredged, roadHardenedM } = (await s.report.summary({ from: s.now - 13 * WEEK_MS, to: s.now })).totals;
		expect(binsAdded).toBeGreaterThan(0);
		expect(boardsRenewed).toBeGreaterThan(0);
		expect(drainsDredged + roadHardenedM).toBeGreaterThan(0);
	});

	it('does not seed a second time', async () => {
		expect(await seedDemoCommunity((clock) => new ChangesetRepository(s.db, { clock }), demoDir, { now: s.now + WEEK_MS, timeZone: SH })).toEqual({ created: 0 });
	});
});
