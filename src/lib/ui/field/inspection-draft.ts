/**
 * An inspection being recorded on the phone, as plain data: the template it is scored with, what
 * is inspected, the points per item (an item left unscored is not applicable), the findings with
 * their photos, the note, and the walked track. `inspectionEdit` turns it into the
 * `record-inspection` edit the outbox sends; `draftProblems` says, before it is sent, what the
 * server would refuse (a failed item that needs a photo and has none), by the server's own rule.
 */
import type { Position } from 'geojson';
import type { InspectionItem, InspectionTarget, InspectionTemplate, RecordInspectionEdit } from '../../domain/api-types';
import { checkScores, failed as failedItem, scoreOf, type Score, type ScoreProblem } from '../../domain/inspections/score';
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

export interface ScorePreview extends Score {
	scored: number;
}

const isScored = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);

/** The scored items only: an item left unscored (null) is not applicable. */
export function scoredOnly(items: readonly InspectionItem[], scores: Record<string, number | null>): Record<string, number> {
	const out: Record<string, number> = {};
	for (const item of items) {
		const v = scores[item.key];
		if (isScored(v)) out[item.key] = v;
	}
	return out;
}

/** What the score will be, by the rule the server applies (domain/inspections/score.ts). */
export function scorePreview(items: readonly InspectionItem[], scores: Record<string, number | null>): ScorePreview {
	const scored = scoredOnly(items, scores);
	return { ...scoreOf(items, scored), scored: Object.keys(scored).length };
}

/** An item scored below its maximum: a finding is expected. */
export const failed = (item: InspectionItem, scores: Record<string, number | null>): boolean => failedItem(item, scoredOnly([item], scores)[item.key]);

export type DraftProblem = { code: ScoreProblem['code'] | 'inspection.nothing-scored'; itemKey?: string };

/** What the server would refuse, checked by its own rule before anything is queued, naming the item. */
export function draftProblems(d: Pick<InspectionDraftData, 'template' | 'scores' | 'findings'>): DraftProblem[] {
	const scored = scoredOnly(d.template.items, d.scores);
	if (Object.keys(scored).length === 0) return [{ code: 'inspection.nothing-scored' }];
	// A photo still on the phone counts: its upload goes first.
	const problem = checkScores(d.template.items, scored, d.findings.map((f) => ({ itemKey: f.itemKey, photos: f.photo ? ['on-this-phone'] : [] })));
	return problem ? [{ code: problem.code, itemKey: problem.item }] : [];
}

/**
 * The edit for the outbox. Each finding's photo is uploaded by an entry of its own first; its id
 * goes where `photoStandIn(i)` stands (the outbox fills it in from the upload's answer).
 */
export function inspectionEdit(d: InspectionDraftData, finishedAt: number, timeZone: string, photoStandIn: (findingIndex: number) => string | null): RecordInspectionEdit {
	const scores = scoredOnly(d.template.items, d.scores);
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
