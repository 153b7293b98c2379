/**
 * The ranking board (评比) of one period: each listed zone's score is the mean of the scores of the
 * inspections in the period in its subtree; highest first, equal scores share a rank (1, 2, 2, 4),
 * zones without an inspection come last without a rank. The change against the previous period,
 * the red and black lists (top and bottom three), and the follow-up of the period's findings in
 * the terms of 数字城管 practice: cases, closed share (结案率), closed-by-deadline share (按期结案率).
 */
import type { RankingRow } from '../api-types';
import type { Period } from '../time/periods';
import { round2 } from './score';
import { subtrees, type TreeZone } from './zone-tree';

export interface RankedZone extends TreeZone {
	name: string | null;
}

export interface RankInspection {
	id: number;
	zoneId: number;
	at: number;
	scorePct: number | null;
}

/** A case opened by a finding of inspection `inspectionId`. */
export interface RankCase {
	inspectionId: number;
	status: string;
	/** ms, or null. */
	dueAt: number | null;
	resolvedAt: number | null;
}

/** A case is closed (结案) once resolved; it is closed on time when resolved by its deadline. Rejected cases were not problems and count in no share. */
const CLOSED = new Set(['resolved', 'verified']);

const mean = (xs: number[]) => (xs.length ? round2(xs.reduce((a, b) => a + b, 0) / xs.length) : null);
const pct = (n: number, d: number) => (d > 0 ? round2((100 * n) / d) : null);

export interface RankingInput {
	/** Every zone, for the subtrees. */
	zones: readonly RankedZone[];
	/** The zones to rank (one level). */
	listed: readonly RankedZone[];
	inspections: readonly RankInspection[];
	cases: readonly RankCase[];
	period: Period;
	previous: Period;
}

export function rankZones(input: RankingInput): { zones: RankingRow[]; red: number[]; black: number[] } {
	const tree = subtrees(input.zones);
	const inPeriod = (p: Period) => input.inspections.filter((i) => i.at >= p.from && i.at < p.to);
	const current = inPeriod(input.period);
	const before = inPeriod(input.previous);
	const casesBy = new Map<number, RankCase[]>();
	for (const c of input.cases) casesBy.set(c.inspectionId, [...(casesBy.get(c.inspectionId) ?? []), c]);

	const rows: RankingRow[] = input.listed.map((z) => {
		const under = tree.get(z.id) ?? new Set([z.id]);
		const mine = current.filter((i) => under.has(i.zoneId));
		const scored = mine.flatMap((i) => (i.scorePct === null ? [] : [i.scorePct]));
		const score = mean(scored);
		const prev = mean(before.filter((i) => under.has(i.zoneId)).flatMap((i) => (i.scorePct === null ? [] : [i.scorePct])));
		const cases = mine.flatMap((i) => casesBy.get(i.id) ?? []);
		const counted = cases.filter((c) => c.status !== 'rejected');
		const closed = counted.filter((c) => CLOSED.has(c.status));
		const onTime = closed.filter((c) => c.resolvedAt !== null && c.dueAt !== null && c.resolvedAt <= c.dueAt);
		return {
			zoneId: z.id,
			name: z.name,
			parentId: z.parentId,
			score,
			rank: null,
			inspections: mine.length,
			change: score !== null && prev !== null ? round2(score - prev) : null,
			findings: cases.length,
			closedPct: pct(closed.length, counted.length),
			closedOnTimePct: pct(onTime.length, counted.length)
		};
	});
	const ranked = rows.filter((r) => r.score !== null).sort((a, b) => b.score! - a.score! || (a.name ?? '').localeCompare(b.name ?? '') || a.zoneId - b.zoneId);
	ranked.forEach((r, i) => {
		r.rank = i > 0 && ranked[i - 1].score === r.score ? ranked[i - 1].rank : i + 1;
	});
	const unranked = rows.filter((r) => r.score === null).sort((a, b) => (a.name ?? '').localeCompare(b.name ?? '') || a.zoneId - b.zoneId);
	const red = ranked.slice(0, 3).map((r) => r.zoneId);
	const black = ranked
		.slice(red.length)
		.slice(-3)
		.reverse()
		.map((r) => r.zoneId);
	return { zones: [...ranked, ...unranked], red, black };
}
