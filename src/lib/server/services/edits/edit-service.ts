/**
 * The one way an edit reaches the store: services turn what a caller asked for into edit actions
 * (src/lib/domain/edits/), and this applies them as one changeset with the rules in force.
 */
import type { Rules } from '../../../domain/rules';
import type { EditAction } from '../../../domain/edits/action';
import type { AppliedChangeset, ChangesetInput, ChangesetStore } from '../../store/types';

export interface WriteContext {
	author: string;
	/** The signed-in user, when there is one. */
	userId?: number | null;
	source: ChangesetInput['source'];
	comment?: string;
	maxVertices: number;
}

export class EditService {
	constructor(
		private readonly changesets: ChangesetStore,
		private readonly rules: () => Pick<Rules, 'hotspotDeadlineDays'>
	) {}

	/** `record` adds the changeset's own comment (when the caller gave none) and what to keep in its meta. */
	perform(ctx: WriteContext, actions: readonly EditAction[], record: { comment?: string; meta?: Record<string, unknown> } = {}): Promise<AppliedChangeset> {
		const input: ChangesetInput = {
			author: ctx.author,
			userId: ctx.userId ?? null,
			source: ctx.source,
			comment: ctx.comment ?? record.comment,
			meta: record.meta
		};
		return this.changesets.perform(input, actions, this.rules());
	}

	/** Undo: the inverse of a changeset, as a new changeset (itself undoable). */
	revert(ctx: WriteContext, changesetId: number): Promise<AppliedChangeset> {
		return this.changesets.revert(changesetId, { author: ctx.author, userId: ctx.userId ?? null, source: ctx.source, comment: ctx.comment });
	}
}
