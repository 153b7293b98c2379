import { feature, pad, type SeedFeature } from './feature';
import { compassSide, contains, lineLength, nearestOnLine, offsetLine, pointBeside, sliceLine, type Line, type LonLat } from './geo';
import { dateBetween, type Rng } from './random';
import type { Road } from './roads';
import type { Zone } from './zones';

type DrainType = 'open-ditch' | 'covered-channel' | 'pipe';
type Condition = 'clear' | 'silted' | 'blocked' | 'overflowing';

interface Group {
	pick: (r: Road) => boolean;
	count: number;
	type: readonly (readonly [DrainType, number])[];
	lined: number;
	condition: readonly (readonly [Condition, number])[];
}

/**
 * Drains along the riverside roads (lined open ditches), under the arterials (covered channels and
 * pipes, mostly clear) and along back lanes (open ditches, often silted or blocked: the ones a
 * campaign dredges).
 */
const GROUPS: readonly Group[] = [
	{ pick: (r) => !!r.name?.includes('小月河'), count: 3, type: [['open-ditch', 1]], lined: 1, condition: [['clear', 0.5], ['silted', 0.4], ['overflowing', 0.1]] },
	{ pick: (r) => r.roadClass === 'main' || r.roadClass === 'secondary', count: 4, type: [['covered-channel', 0.6], ['pipe', 0.4]], lined: 1, condition: [['clear', 0.7], ['silted', 0.2], ['blocked', 0.1]] },
	{ pick: (r) => r.roadClass === 'branch', count: 2, type: [['covered-channel', 0.5], ['open-ditch', 0.5]], lined: 0.8, condition: [['clear', 0.5], ['silted', 0.35], ['blocked', 0.15]] },
	{ pick: (r) => r.roadClass === 'alley' && r.service !== 'parking_aisle', count: 6, type: [['open-ditch', 0.7], ['covered-channel', 0.3]], lined: 0.5, condition: [['clear', 0.3], ['silted', 0.35], ['blocked', 0.25], ['overflowing', 0.1]] }
];

const LABEL: Record<DrainType, string> = { 'open-ditch': '排水沟', 'covered-channel': '暗渠', pipe: '雨水管道' };

/** Cleared recently when clear; silted ones last dredged a year or more ago; blocked ones long ago. */
function lastDredged(rng: Rng, condition: Condition): string {
	if (condition === 'clear') return dateBetween(rng, '2026-03-01', '2026-10-31');
	if (condition === 'silted') return dateBetween(rng, '2025-01-01', '2025-12-31');
	return dateBetween(rng, '2022-06-01', '2024-12-31');
}

/** An unnamed lane outside the compounds is named after the nearest named road: "学清路西侧背巷". */
function backLaneName(p: LonLat, roads: readonly Road[]): string {
	let best: { name: string; point: LonLat; d: number } | undefined;
	for (const road of roads) {
		if (!road.name) continue;
		for (const line of road.lines) {
			const near = nearestOnLine(line, p);
			if (!best || near.distance < best.d) best = { name: road.name, point: near.point, d: near.distance };
		}
	}
	return best ? `${best.name}${compassSide(best.point, p)}侧背巷` : '背巷';
}

export function buildDrains(roads: readonly Road[], zones: readonly Zone[], rng: Rng): SeedFeature[] {
	const used = new Set<Road>();
	const names = new Set<string>();
	const out: SeedFeature[] = [];
	for (const group of GROUPS) {
		const candidates = rng.shuffle(
			roads.filter((r) => !r.structure && !used.has(r) && group.pick(r)).flatMap((road) => road.lines.filter((l) => lineLength(l) >= 100).slice(0, 1).map((line) => ({ road, line })))
		);
		for (const { road, line } of candidates.slice(0, group.count)) {
			used.add(road);
			const length = lineLength(line);
			const span = Math.min(length - 10, rng.range(80, 300));
			const start = rng.range(5, Math.max(5, length - span - 5));
			const side = 4 * (road.oneway || rng.chance(0.5) ? 1 : -1);
			const coordinates: Line = offsetLine(sliceLine(line, start, start + span), side);
			const drainType = rng.weighted(group.type);
			const condition = rng.weighted(group.condition);
			const zone = zones.find((z) => contains(z.geometry, pointBeside(line, start + span / 2, 0)));
			const place = road.name ?? (zone ? `${zone.name}内` : backLaneName(pointBeside(line, start + span / 2, 0), roads));
			let name = place + LABEL[drainType];
			for (let n = 2; names.has(name); n++) name = `${place}${LABEL[drainType]}${n}`;
			names.add(name);
			out.push(
				feature(`drain-${pad(out.length + 1)}`, { type: 'LineString', coordinates }, {
					name,
					drainType,
					lined: rng.chance(group.lined),
					condition,
					lastDredgedAt: lastDredged(rng, condition),
					source: 'generated'
				})
			);
		}
	}
	return out;
}
