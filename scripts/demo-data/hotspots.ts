import * as turf from '@turf/turf';
import { DEMO_NOW } from './constants';
import { feature, pad, type SeedFeature } from './feature';
import { contains, distance, insideArea, lineLength, nearestOnLine, pointBeside, roundPoint, ruler, type Line, type LonLat } from './geo';
import { days, parseDate, toDateTime, type Rng } from './random';
import type { Road } from './roads';
import type { Shop } from './shops';
import type { Zone } from './zones';

type Category = 'blind-spot' | 'exposed-rubbish' | 'dumped-debris' | 'small-ads' | 'standing-water' | 'mosquito-breeding' | 'illegal-structure';
type Weights = readonly (readonly [Category, number])[];

interface Cluster {
	centre: LonLat;
	/** Gaussian spread in metres. */
	sigma: number;
	count: number;
	categories: Weights;
}

const FIRST_DAY = parseDate('2026-05-01');
const LAST_DAY = parseDate('2026-11-27');
const NOW = parseDate(DEMO_NOW);
const HOUR = 3_600_000;

const MARKET: Weights = [['exposed-rubbish', 0.35], ['small-ads', 0.3], ['dumped-debris', 0.2], ['blind-spot', 0.15]];
const ALLEY: Weights = [['blind-spot', 0.3], ['dumped-debris', 0.3], ['illegal-structure', 0.2], ['small-ads', 0.2]];
const RIVER: Weights = [['standing-water', 0.35], ['mosquito-breeding', 0.35], ['exposed-rubbish', 0.3]];
const COMPOUND: Weights = [['blind-spot', 0.3], ['dumped-debris', 0.3], ['exposed-rubbish', 0.2], ['illegal-structure', 0.1], ['mosquito-breeding', 0.1]];
const ANY: Weights = [
	['blind-spot', 1], ['exposed-rubbish', 1.5], ['dumped-debris', 1], ['small-ads', 1], ['standing-water', 0.7], ['mosquito-breeding', 0.5], ['illegal-structure', 0.4]
];

const TEXTS: Record<Category, readonly string[]> = {
	'blind-spot': ['楼道口卫生死角，长期无人清扫', '墙角堆积落叶杂物', '绿化带内卫生死角'],
	'exposed-rubbish': ['路边暴露垃圾未及时清运', '垃圾桶满溢，周边散落垃圾', '绿地内散落生活垃圾'],
	'dumped-debris': ['乱堆建筑垃圾', '废旧家具乱堆乱放', '纸箱杂物占道堆放'],
	'small-ads': ['电线杆张贴小广告', '墙面喷涂小广告', '宣传栏周边乱贴小广告'],
	'standing-water': ['雨后路面积水未排', '井盖周边积水', '低洼处长期积水'],
	'mosquito-breeding': ['废弃容器积水孳生蚊虫', '绿化带内蚊蝇孳生', '垃圾房周边蚊蝇较多'],
	'illegal-structure': ['私搭乱建棚屋', '占用公共空间违章搭建', '楼下违规搭建储物棚']
};
const REJECT_REASONS = ['（经核实为重复上报）', '（非本辖区，已转办）', '（现场核查未发现问题）'];

const SEVERITY: Partial<Record<Category, readonly (readonly ['low' | 'medium' | 'high', number])[]>> = {
	'small-ads': [['low', 0.6], ['medium', 0.35], ['high', 0.05]],
	'standing-water': [['low', 0.2], ['medium', 0.5], ['high', 0.3]],
	'illegal-structure': [['low', 0.1], ['medium', 0.5], ['high', 0.4]]
};
const DEFAULT_SEVERITY = [['low', 0.35], ['medium', 0.45], ['high', 0.2]] as const;

/** The shop with the most other shops within 80 m, away from points already chosen: a market street. */
function shopCentre(shops: readonly Shop[], awayFrom: readonly LonLat[]): LonLat | undefined {
	let best: { point: LonLat; n: number } | undefined;
	for (const s of shops) {
		if (awayFrom.some((p) => distance(p, s.point) < 250)) continue;
		const n = shops.filter((o) => distance(o.point, s.point) < 80).length;
		if (!best || n > best.n) best = { point: s.point, n };
	}
	return best?.point;
}

function clusters(roads: readonly Road[], zones: readonly Zone[], shops: readonly Shop[], river: readonly Line[]): Cluster[] {
	const out: Cluster[] = [];
	const marketA = shopCentre(shops, []);
	if (marketA) out.push({ centre: marketA, sigma: 40, count: 32, categories: MARKET });
	const marketB = shopCentre(shops, marketA ? [marketA] : []);
	if (marketB) out.push({ centre: marketB, sigma: 35, count: 25, categories: MARKET });
	// Back alleys: the middles of the two longest alleys that are far apart.
	const alleys = roads
		.filter((r) => r.service === 'alley')
		.flatMap((r) => r.lines)
		.sort((a, b) => lineLength(b) - lineLength(a));
	const alleyCentres: LonLat[] = [];
	for (const line of alleys) {
		const mid = pointBeside(line, lineLength(line) / 2, 0);
		if (alleyCentres.every((c) => distance(c, mid) > 250)) alleyCentres.push(mid);
		if (alleyCentres.length === 2) break;
	}
	alleyCentres.forEach((centre, i) => out.push({ centre, sigma: 45, count: i === 0 ? 25 : 18, categories: ALLEY }));
	const bank = [...river].sort((a, b) => lineLength(b) - lineLength(a))[0];
	if (bank) out.push({ centre: pointBeside(bank, lineLength(bank) / 2, 15), sigma: 55, count: 22, categories: RIVER });
	// Back corners of the two largest compounds, so per-zone rankings have something to rank.
	[...zones]
		.sort((a, b) => b.areaM2 - a.areaM2 || a.id.localeCompare(b.id))
		.slice(0, 2)
		.forEach((zone, i) => out.push({ centre: zone.centre, sigma: 60, count: i === 0 ? 15 : 12, categories: COMPOUND }));
	return out;
}

/**
 * A report time: any day in the period, 08:00–20:00 Beijing time (00:00–12:00 UTC, so the UTC date
 * is the local date); water and mosquitoes mostly in the rainy summer.
 */
function reportTime(rng: Rng, category: Category): number {
	for (;;) {
		const day = FIRST_DAY + Math.floor(rng.random() * ((LAST_DAY - FIRST_DAY) / days(1) + 1)) * days(1);
		const month = new Date(day).getUTCMonth() + 1;
		const summer = month >= 6 && month <= 9;
		if ((category === 'standing-water' || category === 'mosquito-breeding') && !summer && !rng.chance(0.25)) continue;
		return day + Math.floor(rng.range(0, 12 * 60)) * 60_000;
	}
}

function placeName(p: LonLat, roads: readonly Road[], zone: Zone | undefined): string {
	for (const road of roads) if (road.name && road.lines.some((l) => nearestOnLine(l, p).distance < 30)) return road.name;
	return zone?.name ?? '';
}

export function buildHotspots(roads: readonly Road[], zones: readonly Zone[], shops: readonly Shop[], river: readonly Line[], rng: Rng): SeedFeature[] {
	const spots: { point: LonLat; category: Category }[] = [];
	for (const c of clusters(roads, zones, shops, river)) {
		for (let i = 0; i < c.count; i++) {
			for (let tries = 0; tries < 20; tries++) {
				const point = roundPoint(ruler.offset(c.centre, rng.gaussian() * c.sigma, rng.gaussian() * c.sigma));
				if (!insideArea(point)) continue;
				spots.push({ point, category: rng.weighted(c.categories) });
				break;
			}
		}
	}
	// The rest scattered: some anywhere inside the compounds (by area), some along any road.
	const zoneArea = zones.reduce((s, z) => s + z.areaM2, 0);
	for (let i = 0; i < 20 && zones.length > 0; i++) {
		let at = rng.range(0, zoneArea);
		const zone = zones.find((z) => (at -= z.areaM2) < 0) ?? zones[zones.length - 1];
		const [w, so, e, n] = turf.bbox(zone.geometry);
		for (let tries = 0; tries < 50; tries++) {
			const point = roundPoint([rng.range(w, e), rng.range(so, n)]);
			if (!contains(zone.geometry, point) || !insideArea(point)) continue;
			spots.push({ point, category: rng.weighted(COMPOUND) });
			break;
		}
	}
	const lines = roads.filter((r) => !r.structure).flatMap((r) => r.lines);
	const total = lines.reduce((s, l) => s + lineLength(l), 0);
	for (let i = 0; i < 10; i++) {
		let at = rng.range(0, total);
		const line = lines.find((l) => (at -= lineLength(l)) < 0) ?? lines[lines.length - 1];
		const point = pointBeside(line, rng.range(0, lineLength(line)), rng.range(3, 8) * (rng.chance(0.5) ? 1 : -1));
		spots.push({ point, category: rng.weighted(ANY) });
	}

	const records = spots.map(({ point, category }) => {
		const reported = reportTime(rng, category);
		const age = (NOW - reported) / days(1);
		let status = rng.weighted(
			age < 2
				? ([['reported', 0.7], ['assigned', 0.25], ['rejected', 0.05]] as const)
				: age < 10
					? ([['reported', 0.12], ['assigned', 0.48], ['resolved', 0.28], ['rejected', 0.12]] as const)
					: ([['reported', 0.03], ['assigned', 0.08], ['resolved', 0.22], ['verified', 0.57], ['rejected', 0.1]] as const)
		) as 'reported' | 'assigned' | 'resolved' | 'verified' | 'rejected';
		let dueAt: number | undefined;
		let resolvedAt: number | undefined;
		if (status === 'assigned' || status === 'resolved' || status === 'verified') {
			const assigned = reported + rng.range(2, 36) * HOUR;
			// Rule: rectify within 7 days of assignment; about a fifth of the fixes come late.
			const took = rng.chance(0.22) ? rng.range(7.2, 14) : rng.range(0.5, 6.8);
			const resolved = assigned + days(took);
			if (assigned >= NOW) status = 'reported';
			else {
				dueAt = assigned + days(7);
				// A fix that would fall after "now" has not happened yet; a verification takes a day.
				if (status !== 'assigned' && resolved > NOW - (status === 'verified' ? days(1) : 0)) status = 'assigned';
				if (status !== 'assigned') resolvedAt = resolved;
			}
		}
		const zone = zones.find((z) => contains(z.geometry, point));
		const place = placeName(point, roads, zone);
		let description = place + rng.pick(TEXTS[category]);
		if (status === 'rejected') description += rng.pick(REJECT_REASONS);
		return {
			point,
			reported,
			props: {
				description,
				category,
				severity: rng.weighted(SEVERITY[category] ?? DEFAULT_SEVERITY),
				status,
				reportedAt: toDateTime(reported),
				dueAt: dueAt === undefined ? undefined : toDateTime(dueAt),
				resolvedAt: resolvedAt === undefined ? undefined : toDateTime(resolvedAt),
				// Whoever it was assigned to: the compound's responsible person, else the street cleaning office.
				responsible: dueAt === undefined ? undefined : (zone?.responsible ?? '街道环卫所'),
				source: 'generated'
			}
		};
	});
	records.sort((a, b) => a.reported - b.reported || a.point[0] - b.point[0] || a.point[1] - b.point[1]);
	return records.map((r, i) => feature(`hotspot-${pad(i + 1)}`, { type: 'Point', coordinates: r.point }, r.props));
}
