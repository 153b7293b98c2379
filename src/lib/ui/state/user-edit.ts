/**
 * One user-level edit: what a person did in one step (save a form, drag a point, mark a stretch
 * hardened, accept N sites), as the edits `POST /api/edits` stores in one changeset. It is one undo
 * stop, and the field outbox keeps it as it is until it is sent.
 */
import type { EditBatch, EditRequest } from '../../domain/api-types';

export interface UserEdit {
	/** What the person did, as a message key and its values: the undo stop's and the outbox's label. */
	label: string;
	labelValues?: Record<string, string | number>;
	/** The message key of the short confirmation once it is stored. */
	done?: string;
	edits: EditRequest[];
	comment?: string;
}

export const batchOf = (edit: UserEdit): EditBatch => ({ edits: edit.edits, ...(edit.comment ? { comment: edit.comment } : {}) });
