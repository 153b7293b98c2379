/**
 * An inspection being recorded on the phone, as plain data: the template it is scored with, what
 * is inspected, the points per item (an item left unscored is not applicable), the findings with
 * their photos, the note, and the walked track. `inspectionEdit` turns it into the
 * `record-inspection` edit the outbox sends; `draftProblems` says, before it is sent, what the
 * server would refuse (a failed item that needs a photo and has none), naming the item.
 */
import type { Position } from 'geojson';
import type { InspectionItem, InspectionTarget, InspectionTemplate, RecordInspectionEdit } from '../../domain/api-types';
import { instantText } from '../../domain/time/instants';
import { trackGeometry, type TrackParts } from './patrol-track';

export interface InspectedTarget {
	collection: InspectionTarget;
	id: number;
	name: string;
}

export interface FindingDraft {
	/** Local id, for lists and removal. */
	key: string;
	itemKey: string;
	at: Position;
	note: string;
	photo: Blob | null;
}

export interface InspectionDraftData {
	template: InspectionTemplate;
	target: InspectedTarget;
	startedAt: number;
	/** By item key; null or absent: not scored (not applicable). */
	scores: Record<string, number | null>;
	findings: FindingDraft[];
	note: string;
	track: TrackParts;
}

export interface ScorePreview {
	points: number;
	maxPoints: number;
	/** 100 × points ÷ maxPoints over the scored items; null when none is scored. */
	scorePct: number | null;
	scored: number;
}

const isScored = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);

/** What the score will be, as the server computes it: unscored items count in neither sum. */
export function scorePreview(items: readonly InspectionItem[], scores: Record<string, number | null>): ScorePreview {
	let points = 0;
	let maxPoints = 0;
	let scored = 0;
	for (const item of items) {
		const v = scores[item.key];
		if (!isScored(v)) continue;
		points += v;
		maxPoints += item.maxPoints;
		scored++;
	}
	return { points, maxPoints, scorePct: maxPoints > 0 ? (100 * points) / maxPoints : null, scored };
}

/** An item scored below its maximum: a finding is expected. */
export const failed = (item: InspectionItem, scores: Record<string, number | null>): boolean => {
	const v = scores[item.key];
	return isScored(v) && v < item.maxPoints;
};

export type DraftProblem = { code: 'inspection.photo.required' | 'inspection.nothing-scored'; itemKey?: string };

/** What would be refused, before anything is queued. */
export function draftProblems(d: Pick<InspectionDraftData, 'template' | 'scores' | 'findings'>): DraftProblem[] {
	const problems: DraftProblem[] = [];
	if (scorePreview(d.template.items, d.scores).scored === 0) problems.push({ code: 'inspection.nothing-scored' });
	for (const item of d.template.items) {
		if (!item.photoRequired || !failed(item, d.scores)) continue;
		if (!d.findings.some((f) => f.itemKey === item.key && f.photo)) problems.push({ code: 'inspection.photo.required', itemKey: item.key });
	}
	return problems;
}

/**
 * The edit for the outbox. Each finding's photo is uploaded by an entry of its own first; its id
 * goes where `photoStandIn(i)` stands (the outbox fills it in from the upload's answer).
 */
export function inspectionEdit(d: InspectionDraftData, finishedAt: number, timeZone: string, photoStandIn: (findingIndex: number) => string | null): RecordInspectionEdit {
	const scores: Record<string, number> = {};
	for (const item of d.template.items) {
		const v = d.scores[item.key];
		if (isScored(v)) scores[item.key] = v;
	}
	const track = trackGeometry(d.track);
	const note = d.note.trim();
	return {
		type: 'record-inspection',
		templateId: d.template.id,
		target: { collection: d.target.collection, id: d.target.id },
		// When it was done: the start of the round, in the project's zone (the server cuts periods by it).
		inspectedAt: instantText(Math.min(d.startedAt, finishedAt), timeZone),
		scores,
		...(note ? { note } : {}),
		...(d.findings.length
			? {
					findings: d.findings.map((f, i) => {
						const photo = photoStandIn(i);
						const findingNote = f.note.trim();
						return { itemKey: f.itemKey, geometry: { type: 'Point' as const, coordinates: [f.at[0], f.at[1]] }, ...(findingNote ? { note: findingNote } : {}), ...(photo ? { photos: [photo] } : {}) };
					})
				}
			: {}),
		...(track ? { track } : {})
	};
}
