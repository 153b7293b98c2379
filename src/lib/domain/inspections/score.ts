/**
 * Scoring one inspection against the template version it uses: 100 × points ÷ max points over the
 * items it scored. An item left unscored is not applicable and counts in neither sum. `checkScores`
 * gives the first problem as a coded refusal naming the item (unknown key, points out of range, a
 * failed photo-required item without a finding that has a photo).
 */
import type { InspectionFindingInput, InspectionItem } from '../api-types';

export interface Score {
	points: number;
	maxPoints: number;
	/** null when no item was scored. */
	scorePct: number | null;
}

export interface ScoreProblem {
	code: 'inspection.item.unknown' | 'inspection.points.out-of-range' | 'inspection.photo.required';
	message: string;
	item: string;
}

/** Percentages are kept to two decimals: what the board shows, and what ranks compare. */
export const round2 = (x: number) => Math.round(x * 100) / 100;

export function scoreOf(items: readonly InspectionItem[], scores: Readonly<Record<string, number>>): Score {
	let points = 0;
	let maxPoints = 0;
	for (const item of items) {
		const p = scores[item.key];
		if (p === undefined || p === null) continue;
		points += p;
		maxPoints += item.maxPoints;
	}
	return { points, maxPoints, scorePct: maxPoints > 0 ? round2((100 * points) / maxPoints) : null };
}

/** Whether the scored item failed: it got less than its full points. */
export const failed = (item: InspectionItem, points: number | undefined) => points !== undefined && points < item.maxPoints;

export function checkScores(items: readonly InspectionItem[], scores: Readonly<Record<string, unknown>>, findings: readonly Pick<InspectionFindingInput, 'itemKey' | 'photos'>[]): ScoreProblem | null {
	const byKey = new Map(items.map((i) => [i.key, i]));
	for (const [key, p] of Object.entries(scores)) {
		const item = byKey.get(key);
		if (!item) return { code: 'inspection.item.unknown', item: key, message: `The checklist has no item "${key}".` };
		if (typeof p !== 'number' || !Number.isFinite(p) || p < 0 || p > item.maxPoints || Math.round(p * 2) !== p * 2) {
			return {
				code: 'inspection.points.out-of-range',
				item: key,
				message: `Item "${key}" (${item.label.en} / ${item.label.zh}) takes 0 to ${item.maxPoints} points in steps of 0.5, not ${JSON.stringify(p)}.`
			};
		}
	}
	for (const f of findings) {
		if (!byKey.has(f.itemKey)) return { code: 'inspection.item.unknown', item: f.itemKey, message: `A finding names item "${f.itemKey}", which the checklist does not have.` };
	}
	for (const item of items) {
		if (!item.photoRequired || !failed(item, scores[item.key] as number | undefined)) continue;
		if (!findings.some((f) => f.itemKey === item.key && (f.photos?.length ?? 0) > 0)) {
			return {
				code: 'inspection.photo.required',
				item: item.key,
				message: `Item "${item.key}" (${item.label.en} / ${item.label.zh}) scored below full points: add a finding of it with a photo.`
			};
		}
	}
	return null;
}
