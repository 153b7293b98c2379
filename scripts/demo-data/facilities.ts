import { feature, pad, type SeedFeature } from './feature';
import { contains, distance, lineLength, nearestOnLine, pointBeside, roundPoint, towards, type LonLat } from './geo';
import { BOARD_REFERENCE_DATE } from './constants';
import { dateBetween, days, parseDate, toDate, type Rng } from './random';
import type { Road } from './roads';
import type { Shop } from './shops';
import type { Zone } from './zones';

/** A unique name: a second board at the same gate becomes "…二". */
function uniqueName(base: string, suffix: string, taken: Set<string>): string {
	let name = base + suffix;
	for (let n = 2; taken.has(name); n++) name = `${base}${'二三四五六'[n - 2] ?? n}${suffix}`;
	taken.add(name);
	return name;
}

function nearestNamedRoad(p: LonLat, roads: readonly Road[]): Road | undefined {
	let best: { road: Road; d: number } | undefined;
	for (const road of roads) {
		if (!road.name) continue;
		for (const line of road.lines) {
			const d = nearestOnLine(line, p).distance;
			if (!best || d < best.d) best = { road, d };
		}
	}
	return best?.road;
}

/**
 * Refuse rooms sit just inside a compound's back gate (the last entrance found, the main one being
 * first); the biggest compounds get a refuse room, smaller ones a refuse house or open point; one
 * transfer station serves the area from a service lane outside the compounds.
 */
export function buildCollectionPoints(zones: readonly Zone[], roads: readonly Road[], rng: Rng): SeedFeature[] {
	const out: SeedFeature[] = [];
	const taken = new Set<string>();
	const bySize = [...zones].filter((z) => z.entrances.length > 0).sort((a, b) => b.areaM2 - a.areaM2 || a.id.localeCompare(b.id));
	for (const zone of bySize.slice(0, 8)) {
		const gate = zone.entrances[zone.entrances.length - 1];
		const point = roundPoint(towards(gate.point, zone.centre, 12));
		const pointType = zone.areaM2 > 60_000 ? 'refuse-room' : zone.areaM2 > 15_000 ? 'refuse-house' : 'collection-point';
		const capacityT =
			pointType === 'refuse-room' ? Math.round(rng.range(3, 6) * 2) / 2 : pointType === 'refuse-house' ? Math.round(rng.range(1, 2.5) * 2) / 2 : 0.5;
		const enclosed = pointType === 'collection-point' ? rng.chance(0.3) : rng.chance(0.9);
		const label = pointType === 'refuse-room' ? '垃圾房' : pointType === 'refuse-house' ? '垃圾屋' : '垃圾收集点';
		out.push(
			feature(`collection-point-${pad(out.length + 1)}`, { type: 'Point', coordinates: point }, {
				name: uniqueName(zone.name, label, taken),
				pointType,
				capacityT,
				enclosed,
				source: 'generated'
			})
		);
	}
	const lane = roads
		.filter((r) => r.roadClass === 'alley' && !r.structure && r.service !== 'parking_aisle')
		.flatMap((r) => r.lines.map((line) => ({ road: r, line, length: lineLength(line) })))
		.filter((c) => !zones.some((z) => contains(z.geometry, pointBeside(c.line, c.length / 2, 0))))
		.sort((a, b) => b.length - a.length || a.road.osmId.localeCompare(b.road.osmId))[0];
	if (lane) {
		const point = pointBeside(lane.line, lane.length / 2, 8);
		const road = nearestNamedRoad(point, roads);
		out.push(
			feature(`collection-point-${pad(out.length + 1)}`, { type: 'Point', coordinates: point }, {
				name: uniqueName(road?.name ?? '片区', '垃圾中转站', taken),
				pointType: 'transfer-station',
				capacityT: Math.round(rng.range(20, 40)),
				enclosed: true,
				source: 'generated'
			})
		);
	}
	return out;
}

/**
 * Display boards at compound gates (the main gate, and a second gate of the larger compounds) and
 * a few on the shopping streets. About a third have content older than 60 days on the reference
 * date, so the staleness rule has something to flag.
 */
export function buildDisplayBoards(zones: readonly Zone[], roads: readonly Road[], shops: readonly Shop[], rng: Rng): SeedFeature[] {
	const sites: { point: LonLat; name: string; boardType: 'health-education' | 'campaign' | 'notice' }[] = [];
	const taken = new Set<string>();
	const boardType = () => rng.weighted([['health-education', 0.55], ['campaign', 0.3], ['notice', 0.15]] as const);
	for (const zone of zones) {
		const gates = zone.entrances.slice(0, 1);
		const second = zone.entrances.find((e) => e.side !== gates[0]?.side);
		if (second && zone.areaM2 > 40_000) gates.push(second);
		for (const gate of gates) {
			sites.push({ point: roundPoint(towards(gate.point, zone.centre, 6)), name: uniqueName(`${zone.name}${gate.side}门`, '宣传栏', taken), boardType: boardType() });
		}
	}
	// Shopping streets: the named roads with the most shops within 40 m.
	const shopCount = new Map<Road, number>();
	for (const shop of shops) {
		const road = roads.find((r) => r.name && !r.structure && r.lines.some((l) => nearestOnLine(l, shop.point).distance < 40));
		if (road) shopCount.set(road, (shopCount.get(road) ?? 0) + 1);
	}
	const streets = [...shopCount.entries()].sort((a, b) => b[1] - a[1] || a[0].osmId.localeCompare(b[0].osmId));
	const usedNames = new Set<string>();
	for (const [road] of streets) {
		if (usedNames.size === 3) break;
		if (usedNames.has(road.name!)) continue;
		usedNames.add(road.name!);
		const line = [...road.lines].sort((a, b) => lineLength(b) - lineLength(a))[0];
		const point = pointBeside(line, lineLength(line) * rng.range(0.3, 0.7), 5);
		if (sites.some((s) => distance(s.point, point) < 30)) continue;
		const type = rng.chance(0.5) ? 'health-education' : 'campaign';
		sites.push({ point, name: uniqueName(road.name!, type === 'campaign' ? '创卫宣传栏' : '健康教育宣传栏', taken), boardType: type });
	}

	const reference = parseDate(BOARD_REFERENCE_DATE);
	const staleBefore = toDate(reference - days(61));
	return sites.map((site, i) => {
		const stale = rng.chance(0.35);
		const contentUpdatedAt = stale ? dateBetween(rng, '2026-04-01', staleBefore) : dateBetween(rng, toDate(reference - days(55)), '2026-10-30');
		return feature(`display-board-${pad(i + 1)}`, { type: 'Point', coordinates: site.point }, {
			name: site.name,
			boardType: site.boardType,
			areaM2: rng.pick([1.2, 1.8, 2.4, 3, 3.6, 4.8]),
			contentUpdatedAt,
			source: 'generated'
		});
	});
}
