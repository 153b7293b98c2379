import { describe, expect, it } from 'vitest';
import { INSPECTION_TARGETS, type InspectionItem } from '../api-types';
import { kindDef } from '../kinds';
import { dayStart } from '../time/instants';
import { periodContaining } from '../time/periods';
import { dueState } from './due';
import { TARGET_KIND } from './kind';
import { rankZones, type RankCase, type RankInspection, type RankedZone } from './ranking';
import { checkScores, scoreOf } from './score';
import { checkTemplate, DEFAULT_TEMPLATES } from './template';
import { checkParent, levelOf, subtrees } from './zone-tree';

const TZ = 'Asia/Shanghai';
const items: InspectionItem[] = [
	{ key: 'a', label: { zh: '甲', en: 'A' }, maxPoints: 10, photoRequired: false },
	{ key: 'b', label: { zh: '乙', en: 'B' }, maxPoints: 20, photoRequired: true },
	{ key: 'c', label: { zh: '丙', en: 'C' }, maxPoints: 30, photoRequired: false }
];

describe('inspection score', () => {
	it('is 100 × points ÷ max over the scored items only', () => {
		// a 8/10, c 15/30, b not applicable: 23 / 40 = 57.5 %.
		expect(scoreOf(items, { a: 8, c: 15 })).toEqual({ points: 23, maxPoints: 40, scorePct: 57.5 });
		// 29 / 60 = 48.333… → 48.33.
		expect(scoreOf(items, { a: 9, b: 20, c: 0 })).toEqual({ points: 29, maxPoints: 60, scorePct: 48.33 });
		expect(scoreOf(items, {})).toEqual({ points: 0, maxPoints: 0, scorePct: null });
	});

	it('names the item of an unknown key, points out of range, a missing photo', () => {
		expect(checkScores(items, { z: 1 }, [])).toMatchObject({ code: 'inspection.item.unknown', item: 'z' });
		expect(checkScores(items, { a: 11 }, [])).toMatchObject({ code: 'inspection.points.out-of-range', item: 'a' });
		expect(checkScores(items, { a: -1 }, [])).toMatchObject({ code: 'inspection.points.out-of-range', item: 'a' });
		expect(checkScores(items, { a: '5' }, [])).toMatchObject({ code: 'inspection.points.out-of-range', item: 'a' });
		expect(checkScores(items, { b: 19 }, [])).toMatchObject({ code: 'inspection.photo.required', item: 'b' });
		expect(checkScores(items, { b: 19 }, [{ itemKey: 'b', photos: [] }])).toMatchObject({ code: 'inspection.photo.required', item: 'b' });
		expect(checkScores(items, { b: 19 }, [{ itemKey: 'b', photos: ['p1'] }])).toBeNull();
		// Full points need no photo; a failed item without photoRequired needs none.
		expect(checkScores(items, { a: 0, b: 20 }, [])).toBeNull();
		expect(checkScores(items, { a: 5 }, [{ itemKey: 'x' }])).toMatchObject({ code: 'inspection.item.unknown', item: 'x' });
	});
});

describe('templates', () => {
	it('ship the zone and shop checklists, each of 100 points, and pass their own checks', () => {
		const [zone, shop] = DEFAULT_TEMPLATES;
		expect(zone.items.map((i) => i.label.zh)).toEqual(['垃圾日产日清', '无暴露垃圾与卫生死角', '垃圾桶完好', '宣传栏按期更新', '道路硬化与保洁', '沟渠畅通', '门前三包落实', '病媒生物防制']);
		expect(shop.items.map((i) => i.label.zh)).toEqual(['门前卫生', '门前秩序', '门前设施']);
		for (const t of DEFAULT_TEMPLATES) {
			expect(t.items.reduce((s, i) => s + i.maxPoints, 0)).toBe(100);
			expect(checkTemplate(t).issues).toEqual([]);
		}
	});

	it('refuse duplicate keys, bad points and a missing label, naming the item', () => {
		const base = { name: { zh: '检查', en: 'Check' }, target: 'zones', cadence: 'weekly' };
		const dup = checkTemplate({ ...base, items: [items[0], items[0]] });
		expect(dup.issues[0]).toMatchObject({ code: 'template.item.duplicate', path: 'items.1.key' });
		const pts = checkTemplate({ ...base, items: [{ ...items[0], maxPoints: 0 }] });
		expect(pts.issues[0]).toMatchObject({ code: 'template.item.points', path: 'items.0.maxPoints' });
		const label = checkTemplate({ ...base, items: [{ key: 'q', label: { zh: '', en: 'Q' }, maxPoints: 5 }] });
		expect(label.issues[0]).toMatchObject({ code: 'template.text', path: 'items.0.label' });
		expect(checkTemplate({ ...base, target: 'bins', items }).issues[0]).toMatchObject({ code: 'template.target' });
		expect(checkTemplate({ ...base, cadence: 'daily', items }).issues[0]).toMatchObject({ code: 'template.cadence' });
	});
});

describe('zone levels', () => {
	const zones = [
		{ id: 1, parentId: null },
		{ id: 2, parentId: 1 },
		{ id: 3, parentId: 2 },
		{ id: 4, parentId: null }
	];
	it('checks that the parent exists and is not below the zone', () => {
		expect(checkParent(4, 1, zones)).toBeNull();
		expect(checkParent(null, 3, zones)).toBeNull();
		expect(checkParent(4, 99, zones)).toMatchObject({ code: 'zone.parent.not-found' });
		expect(checkParent(1, 3, zones)).toMatchObject({ code: 'zone.parent.cycle' });
		expect(checkParent(2, 2, zones)).toMatchObject({ code: 'zone.parent.cycle' });
		expect(checkParent(2, 'x', zones)).toMatchObject({ code: 'zone.parent.invalid' });
		expect(checkParent(2, null, zones)).toBeNull();
	});
	it('rolls subtrees up and lists one level', () => {
		const t = subtrees(zones);
		expect([...t.get(1)!].sort()).toEqual([1, 2, 3]);
		expect([...t.get(2)!].sort()).toEqual([2, 3]);
		expect(levelOf(zones, null).map((z) => z.id)).toEqual([1, 4]);
		expect(levelOf(zones, 1).map((z) => z.id)).toEqual([2]);
	});
});

describe('ranking', () => {
	const at = (iso: string) => Date.parse(iso);
	// November 2026 in Shanghai: 2026-10-31T16:00Z to 2026-11-30T16:00Z.
	const period = periodContaining(at('2026-11-15T00:00:00Z'), 'month', TZ);
	const previous = periodContaining(at('2026-11-15T00:00:00Z'), 'month', TZ, -1);
	const z = (id: number, name: string, parentId: number | null = null): RankedZone => ({ id, name, parentId });
	const zones = [z(1, 'A'), z(2, 'B'), z(3, 'C'), z(4, 'D'), z(5, 'E')];

	it('cuts the month in the project time zone: 2026-10-31T17:30Z is November in Shanghai', () => {
		expect(period.from).toBe(at('2026-10-31T16:00:00Z'));
		const inspections: RankInspection[] = [{ id: 1, zoneId: 1, at: at('2026-10-31T17:30:00Z'), scorePct: 80 }];
		const r = rankZones({ zones, listed: zones, inspections, cases: [], period, previous });
		expect(r.zones[0]).toMatchObject({ zoneId: 1, score: 80, rank: 1, inspections: 1, change: null });
		// …and in October a zone in UTC would see it (the same instant, cut in UTC, is 31 October).
		const utcNov = periodContaining(at('2026-11-15T00:00:00Z'), 'month', 'UTC');
		expect(at('2026-10-31T17:30:00Z') < utcNov.from).toBe(true);
	});

	it('ranks by mean score with shared ranks, unranked last, change and red/black lists, case follow-up', () => {
		const inspections: RankInspection[] = [
			// A: (90 + 80) / 2 = 85; B: 85 (tie with A); C: 70; D: 95; E: none this month.
			{ id: 1, zoneId: 1, at: at('2026-11-02T02:00:00Z'), scorePct: 90 },
			{ id: 2, zoneId: 1, at: at('2026-11-20T02:00:00Z'), scorePct: 80 },
			{ id: 3, zoneId: 2, at: at('2026-11-03T02:00:00Z'), scorePct: 85 },
			{ id: 4, zoneId: 3, at: at('2026-11-04T02:00:00Z'), scorePct: 70 },
			{ id: 5, zoneId: 4, at: at('2026-11-05T02:00:00Z'), scorePct: 95 },
			// October: A 75 → change +10; E 60 but nothing in November.
			{ id: 6, zoneId: 1, at: at('2026-10-10T02:00:00Z'), scorePct: 75 },
			{ id: 7, zoneId: 5, at: at('2026-10-10T02:00:00Z'), scorePct: 60 },
			// After the period: not counted.
			{ id: 8, zoneId: 3, at: at('2026-11-30T16:00:00Z'), scorePct: 10 }
		];
		const due = at('2026-11-10T00:00:00Z');
		const cases: RankCase[] = [
			// A's inspection 1: four cases, one verified on time, one resolved late, one open, one rejected.
			{ inspectionId: 1, status: 'verified', dueAt: due, resolvedAt: due - 1000 },
			{ inspectionId: 1, status: 'resolved', dueAt: due, resolvedAt: due + 1000 },
			{ inspectionId: 1, status: 'assigned', dueAt: due, resolvedAt: null },
			{ inspectionId: 1, status: 'rejected', dueAt: due, resolvedAt: null },
			// October's case of A does not count in November.
			{ inspectionId: 6, status: 'assigned', dueAt: due, resolvedAt: null }
		];
		const r = rankZones({ zones, listed: zones, inspections, cases, period, previous });
		expect(r.zones.map((x) => [x.zoneId, x.score, x.rank])).toEqual([
			[4, 95, 1],
			[1, 85, 2],
			[2, 85, 2],
			[3, 70, 4],
			[5, null, null]
		]);
		const a = r.zones.find((x) => x.zoneId === 1)!;
		// Findings: 4; closed 2 of 3 counted (the rejected one is not) = 66.67 %; on time 1 of 3 = 33.33 %.
		expect(a).toMatchObject({ inspections: 2, change: 10, findings: 4, closedPct: 66.67, closedOnTimePct: 33.33 });
		expect(r.zones.find((x) => x.zoneId === 2)).toMatchObject({ change: null, findings: 0, closedPct: null, closedOnTimePct: null });
		expect(r.zones.find((x) => x.zoneId === 5)).toMatchObject({ inspections: 0, change: null });
		// Four ranked zones: the top three are red, the one left is black.
		expect(r.red).toEqual([4, 1, 2]);
		expect(r.black).toEqual([3]);
	});

	it('rolls up to a parent zone over its subtree and lists one level', () => {
		const tree = [z(10, 'Town'), z(11, 'V1', 10), z(12, 'V2', 10), z(13, 'V2-a', 12)];
		const inspections: RankInspection[] = [
			{ id: 1, zoneId: 11, at: at('2026-11-02T02:00:00Z'), scorePct: 60 },
			{ id: 2, zoneId: 13, at: at('2026-11-02T02:00:00Z'), scorePct: 90 },
			{ id: 3, zoneId: 12, at: at('2026-11-02T02:00:00Z'), scorePct: 70 }
		];
		const top = rankZones({ zones: tree, listed: levelOf(tree, null), inspections, cases: [], period, previous });
		// Town: (60 + 90 + 70) / 3 = 73.33.
		expect(top.zones).toMatchObject([{ zoneId: 10, score: 73.33, rank: 1, inspections: 3 }]);
		const children = rankZones({ zones: tree, listed: levelOf(tree, 10), inspections, cases: [], period, previous });
		// V2: (90 + 70) / 2 = 80 over itself and V2-a; V1: 60.
		expect(children.zones.map((x) => [x.zoneId, x.score, x.rank])).toEqual([
			[12, 80, 1],
			[11, 60, 2]
		]);
	});

	it('puts at most three on each list, a zone on one list only', () => {
		const many = [1, 2, 3, 4, 5, 6, 7].map((i) => z(i, `Z${i}`));
		const inspections = many.map((m, i) => ({ id: i + 1, zoneId: m.id, at: at('2026-11-02T02:00:00Z'), scorePct: 50 + i }));
		const r = rankZones({ zones: many, listed: many, inspections, cases: [], period, previous });
		expect(r.red).toEqual([7, 6, 5]);
		expect(r.black).toEqual([1, 2, 3]);
	});
});

describe('due list', () => {
	const day = (d: string) => dayStart(d, TZ)!;
	it('is ok when inspected this period, due when last inspected the period before, else overdue', () => {
		// Wednesday 2026-11-18; its ISO week runs from Monday 16 to Monday 23 November.
		const now = day('2026-11-18') + 3_600_000;
		expect(dueState('weekly', day('2026-11-16') + 1, now, TZ)).toEqual({ state: 'ok', dueBy: day('2026-11-30') });
		expect(dueState('weekly', day('2026-11-10'), now, TZ)).toEqual({ state: 'due', dueBy: day('2026-11-23') });
		expect(dueState('weekly', day('2026-11-08'), now, TZ)).toEqual({ state: 'overdue', dueBy: day('2026-11-16') });
		expect(dueState('monthly', null, now, TZ)).toEqual({ state: 'overdue', dueBy: day('2026-11-01') });
		expect(dueState('quarterly', day('2026-08-01'), now, TZ)).toEqual({ state: 'due', dueBy: day('2027-01-01') });
	});
});

describe('TARGET_KIND', () => {
	it('names, for each target, the kind whose collection it is', () => {
		expect(Object.keys(TARGET_KIND).sort()).toEqual([...INSPECTION_TARGETS].sort());
		for (const target of INSPECTION_TARGETS) expect(kindDef(TARGET_KIND[target])?.collection).toBe(target);
		expect(TARGET_KIND['road-segments']).toBe('roadSegment');
	});
});
