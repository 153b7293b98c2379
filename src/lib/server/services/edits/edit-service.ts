/**
 * The one way an edit reaches the store: services turn what a caller asked for into edit actions
 * (src/lib/domain/edits/), and this applies them as one changeset with the rules in force.
 */
import type { Rules } from '../../../domain/rules';
import type { EditAction } from '../../../domain/edits/action';
import type { Role } from '../../auth/roles';
import type { AppliedChangeset, ChangesetInput, ChangesetStore, FeatureReads } from '../../store/types';
import { zoneGuard } from './zone-guard';
import { RequestKeyTakenError } from '../../repositories/errors';
import { storedFor, type RequestKey } from './request-key';

export interface WriteContext {
	author: string;
	/** The signed-in user, when there is one. */
	userId?: number | null;
	source: ChangesetInput['source'];
	comment?: string;
	maxVertices: number;
	/** The writer's role: field staff given zones write only inside them. */
	role?: Role;
}

/** Who answers for which zones, for the zone check of field staff. */
export interface Responsibility {
	features: FeatureReads;
	zonesOf(userId: number): number[] | Promise<number[]>;
}

export class EditService {
	constructor(
		private readonly changesets: ChangesetStore,
		/** The rules in force, read on every edit: it must stay one small read. */
		private readonly rules: () => Promise<Pick<Rules, 'hotspotDeadlineDays'>>,
		private readonly responsibility?: Responsibility
	) {}

	/** The zone check for this writer: field staff with zones; nobody else is restricted. */
	private async guardFor(ctx: WriteContext): Promise<Pick<ChangesetInput, 'guard'>> {
		if (!this.responsibility || ctx.role !== 'field' || !ctx.userId) return {};
		const mine = await this.responsibility.zonesOf(ctx.userId);
		if (mine.length === 0) return {};
		return { guard: zoneGuard(mine, await this.responsibility.features.all('zone')) };
	}

	/**
	 * `record` adds the changeset's own comment (when the caller gave none), what to keep in its
	 * meta, and the request key it answers (request-key.ts): a request whose key raced this one
	 * into the store is answered with what that one stored (`replayed`).
	 */
	async perform(
		ctx: WriteContext,
		actions: readonly EditAction[],
		record: { comment?: string; meta?: Record<string, unknown>; request?: RequestKey } = {}
	): Promise<AppliedChangeset & { replayed?: true }> {
		const input: ChangesetInput = {
			author: ctx.author,
			userId: ctx.userId ?? null,
			source: ctx.source,
			comment: ctx.comment ?? record.comment,
			meta: record.meta,
			...(record.request && ctx.userId ? { request: record.request } : {}),
			...(await this.guardFor(ctx))
		};
		try {
			return await this.changesets.perform(input, actions, await this.rules());
		} catch (error) {
			const earlier = error instanceof RequestKeyTakenError && (await this.storedFor(ctx, record.request!));
			if (earlier) return earlier;
			throw error;
		}
	}

	/** What an earlier request with this key stored, answered again (`replayed`); null when there is none. */
	async storedFor(ctx: WriteContext, request: RequestKey): Promise<(AppliedChangeset & { replayed: true }) | null> {
		if (!ctx.userId) return null;
		const stored = await storedFor(this.changesets, ctx.userId, request);
		return stored && { ...stored, replayed: true };
	}

	/** Undo: the inverse of a changeset, as a new changeset (itself undoable). */
	async revert(ctx: WriteContext, changesetId: number): Promise<AppliedChangeset> {
		return this.changesets.revert(changesetId, { author: ctx.author, userId: ctx.userId ?? null, source: ctx.source, comment: ctx.comment, ...(await this.guardFor(ctx)) });
	}
}
