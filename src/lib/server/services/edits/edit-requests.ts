/**
 * `POST /api/edits`: several edits in one request, stored as one changeset or refused whole. Each
 * edit is what one of the single-edit endpoints takes, with its `type`, and is turned into an edit
 * action by the same service that endpoint uses, so both ways apply the same checks. The browser
 * sends every edit this way, and the field outbox sends what it kept while offline.
 */
import { EDIT_TYPES, type EditNote, type EditType } from '../../../domain/api-types';
import { kindByCollection } from '../../../domain/kinds';
import type { EditAction } from '../../../domain/edits/action';
import { ServiceError } from '../service-error';
import type { FeatureService } from '../features/feature-service';
import type { RoadSplitService } from '../features/road-split';
import { parseSplitRequest } from '../features/road-split';
import type { HotspotService } from '../hotspots/hotspots';
import type { InspectionService } from '../inspections/inspections';
import type { PlanningService } from '../planning/planning';
import type { VectorService } from '../vectors/vectors';
import { parseAcceptBody } from '../planning/planning-params';
import type { WriteContext } from './edit-service';

/** The most edits one request may carry (SANIMAP_MAX_BODY_BYTES bounds their size). */
export const MAX_EDITS_PER_REQUEST = 10_000;

/** One edit of a batch, ready to apply: its action, the kinds it changes (for the permission check), and what to tell the editor about it. */
export interface PreparedEdit {
	/** Applied in order in the batch's changeset (a recorded inspection is two: the inspection, then its findings' cases). */
	actions: EditAction[];
	kinds: string[];
	note?: EditNote;
}

export interface EditBuilders {
	featureService: FeatureService;
	roads: RoadSplitService;
	hotspots: HotspotService;
	planning: PlanningService;
	inspections: InspectionService;
	vectors: VectorService;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The edits of a request body `{ edits: [...], comment? }`, each checked; the first bad one is a 400 naming its index. */
export function parseEditBatch(body: unknown): { edits: Record<string, unknown>[]; comment?: string } {
	if (!isObject(body) || !Array.isArray(body.edits)) throw new ServiceError('invalid', 'edits.invalid', 'Send {"edits": [ … ]}: a list of edits, each with a "type".');
	const unknown = Object.keys(body).filter((k) => k !== 'edits' && k !== 'comment');
	if (unknown.length > 0) throw new ServiceError('invalid', 'edits.unknown-member', `Unknown member "${unknown[0]}".`);
	if (body.edits.length === 0) throw new ServiceError('invalid', 'edits.empty', 'The list of edits is empty.');
	if (body.edits.length > MAX_EDITS_PER_REQUEST) {
		throw new ServiceError('too-large', 'edits.too-many', `At most ${MAX_EDITS_PER_REQUEST} edits per request, got ${body.edits.length}. Send them in several requests.`, { max: MAX_EDITS_PER_REQUEST });
	}
	if (body.comment !== undefined && typeof body.comment !== 'string') throw new ServiceError('invalid', 'edits.comment', '"comment" must be text.');
	body.edits.forEach((e, i) => {
		if (!isObject(e) || !EDIT_TYPES.includes(e.type as EditType)) {
			throw new ServiceError('invalid', 'edits.type', `Edit ${i}: "type" must be one of ${EDIT_TYPES.join(', ')}.`, { index: i });
		}
	});
	return { edits: body.edits as Record<string, unknown>[], comment: typeof body.comment === 'string' ? body.comment.slice(0, 500) : undefined };
}

function idOf(edit: Record<string, unknown>, i: number): number {
	if (!Number.isSafeInteger(edit.id) || (edit.id as number) <= 0) throw new ServiceError('invalid', 'edits.id', `Edit ${i}: "id" must be a feature id.`, { index: i });
	return edit.id as number;
}

function versionOf(edit: Record<string, unknown>, i: number): number | undefined {
	if (edit.version === undefined) return undefined;
	if (!Number.isSafeInteger(edit.version)) throw new ServiceError('invalid', 'version.invalid', `Edit ${i}: "version" must be a whole number.`, { index: i });
	return edit.version as number;
}

function defOf(edit: Record<string, unknown>, i: number) {
	const def = kindByCollection(String(edit.collection ?? ''));
	if (!def) throw new ServiceError('invalid', 'edits.collection', `Edit ${i}: there is no layer "${String(edit.collection)}".`, { index: i });
	return def;
}

/** The edit as an action, through the service its single-edit endpoint uses. */
export async function prepareEdit(edit: Record<string, unknown>, i: number, services: EditBuilders, ctx: Pick<WriteContext, 'maxVertices' | 'author'>): Promise<PreparedEdit> {
	const { featureService, roads, hotspots, planning, inspections, vectors } = services;
	try {
		switch (edit.type as EditType) {
			case 'create': {
				const def = defOf(edit, i);
				await featureService.checkLinks(def, null, edit.feature);
				return { actions: [featureService.createAction(def, edit.feature, ctx)], kinds: [def.kind] };
			}
			case 'patch': {
				const def = defOf(edit, i);
				await featureService.checkLinks(def, idOf(edit, i), edit.feature);
				return { actions: [featureService.patchAction(def, idOf(edit, i), edit.feature, versionOf(edit, i), ctx)], kinds: [def.kind] };
			}
			case 'delete': {
				const def = defOf(edit, i);
				return { actions: [featureService.deleteAction(def, idOf(edit, i), versionOf(edit, i))], kinds: [def.kind] };
			}
			case 'split': {
				const { type: _t, id: _id, ...request } = edit;
				return { actions: [roads.splitAction(idOf(edit, i), parseSplitRequest(request, undefined))], kinds: ['roadSegment'] };
			}
			case 'move-case': {
				const { type: _t, id: _id, ...move } = edit;
				return { actions: [await hotspots.moveAction(idOf(edit, i), move)], kinds: ['hotspot'] };
			}
			case 'report-case': {
				// The reporter is told the case's zone and the open cases of its kind close by, as POST /api/hotspots tells them.
				const { action, zone, duplicates } = await hotspots.reportAction(edit.feature, ctx);
				return { actions: [action], kinds: ['hotspot'], note: { zone, duplicates } };
			}
			case 'record-inspection': {
				const { type: _t, ...body } = edit;
				const { actions, kinds } = await inspections.prepare(body, ctx);
				return { actions, kinds };
			}
			case 'vector-survey':
				return { actions: [await vectors.surveyAction(edit.record, ctx)], kinds: ['vectorSurvey'] };
			case 'vector-activity':
				return { actions: [await vectors.activityAction(edit.record, ctx)], kinds: ['vectorActivity'] };
			case 'accept-sites': {
				const { type: _t, ...body } = edit;
				return { actions: [planning.acceptAction(parseAcceptBody(body), ctx).action], kinds: ['bin'] };
			}
		}
	} catch (e) {
		// Which edit of the batch was refused, for a caller holding many.
		if (e instanceof ServiceError && !(e.details as { index?: number } | undefined)?.index) throw new ServiceError(e.reason, e.code, `Edit ${i}: ${e.message}`, { ...(e.details ?? {}), index: i });
		throw e;
	}
}
