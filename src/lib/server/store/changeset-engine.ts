/**
 * How a changeset is decided, whatever store keeps it: one piece of logic for the SQLite store
 * (synchronous, inside one better-sqlite3 transaction) and the PostgreSQL store (asynchronous,
 * over the network). Inside the write transaction each feature an action names is read once, the
 * action says whether it may apply (`disabled`) and what it changes, the caller's guard sees each
 * change, and each change is checked against the version it names: stored on that version, merged
 * field by field when it is stale (merge.ts), or refused (VersionConflictError) so that nothing of
 * the changeset is stored. Undo is the inverse of a changeset (invert.ts) as a new changeset.
 *
 * The logic is a generator that yields each thing it needs done in the database (a `Step`) and is
 * resumed with the answer; the store runs it with `runSteps` (answers at once) or `runStepsAsync`
 * (awaits them). It never writes a changeset row: the store does, before or after, as suits it.
 */
import type { Geometry } from 'geojson';
import type { ChangesetSummary } from '../../domain/api-types';
import type { EditAction, EditContext } from '../../domain/edits/action';
import { actionOf, type Change, type ChangeAction } from '../../domain/edits/change';
import { patchProperties, type FeatureState, type Properties } from '../../domain/edits/feature-state';
import { invertChange } from '../../domain/edits/invert';
import { rebaseUpdate } from '../../domain/edits/merge';
import type { ChangesetInput } from '../repositories/changeset-input';
import { EditRefusedError, FeatureNotFoundError, RevertConflictError, VersionConflictError } from '../repositories/errors';
import type { StoredFeature } from '../repositories/stored-feature';

export type AppliedFeature = StoredFeature & {
	deleted?: boolean;
	/** Set when the change was based on an older version: the fields others had changed since, kept beside it. */
	merged?: string[];
};

export interface AppliedChangeset {
	changeset: ChangesetSummary;
	/** The result of each change, in order: the feature as stored now (deleted ones with `deleted: true`). */
	results: AppliedFeature[];
}

/** What the logic asks of the store. `Row` is a feature as the store holds it. */
export type Step<Row> =
	/** The feature, live or deleted (a write must tell "deleted by someone" from "never existed"); answers `Row | undefined`. */
	| { op: 'load'; id: number }
	/** A stored version of a feature (the base of a merge, the state before an undone change); answers `FeatureState | undefined`. */
	| { op: 'version'; id: number; version: number }
	/** A new feature at version 1, and its first version; answers the `Row`. */
	| { op: 'create'; change: Extract<Change, { op: 'create' }> }
	/** The feature marked deleted at `version`, and that version; answers the `Row`. */
	| { op: 'delete'; current: Row; version: number }
	/** The feature at `version` with a new geometry and/or properties (undefined: kept as stored), and that version; answers the `Row`. */
	| { op: 'update'; current: Row; version: number; action: ChangeAction; geometry?: Geometry; properties?: Properties };

/** How the logic sees a store's row. */
export interface RowView<Row> {
	state(row: Row): FeatureState;
	stored(row: Row): StoredFeature;
}

/** What a changeset did, for the store to record and answer with. */
export interface ChangesetOutcome {
	comment: string;
	meta: Record<string, unknown> | null;
	written: { action: ChangeAction; feature: AppliedFeature }[];
}

type Steps<Row, T> = Generator<Step<Row>, T, unknown>;

/** Runs the logic against a store that answers each step at once. */
export function runSteps<Row, T>(steps: Steps<Row, T>, answer: (step: Step<Row>) => unknown): T {
	let next = steps.next();
	while (!next.done) next = steps.next(answer(next.value));
	return next.value;
}

/** Runs the logic against a store whose answers come later. */
export async function runStepsAsync<Row, T>(steps: Steps<Row, T>, answer: (step: Step<Row>) => Promise<unknown>): Promise<T> {
	let next = steps.next();
	while (!next.done) next = steps.next(await answer(next.value));
	return next.value;
}

interface Working<Row> {
	row: Row;
	state: FeatureState;
}

/**
 * The actions as one changeset. Throws FeatureNotFoundError, VersionConflictError or
 * EditRefusedError; the store's transaction then stores nothing.
 */
export function* changesetSteps<Row>(input: ChangesetInput, actions: readonly EditAction[], ctx: EditContext, view: RowView<Row>): Steps<Row, ChangesetOutcome> {
	const working = new Map<number, Working<Row>>();
	const states = new Map<number, FeatureState>();
	const remember = (row: Row): Working<Row> => {
		const w = { row, state: view.state(row) };
		working.set(w.state.id, w);
		states.set(w.state.id, w.state);
		return w;
	};
	/** Reads a feature at most once per changeset. */
	function* load(id: number): Steps<Row, Working<Row> | undefined> {
		const known = working.get(id);
		if (known) return known;
		const row = (yield { op: 'load', id }) as Row | undefined;
		return row === undefined ? undefined : remember(row);
	}

	/** The caller's guard over one change: the feature before it and after it, as far as the change says. */
	function* guard(check: NonNullable<ChangesetInput['guard']>, change: Change): Steps<Row, void> {
		const before = change.op === 'create' ? undefined : (yield* load(change.id))?.state;
		if (change.op !== 'create' && !before) return; // the write itself says it is not found
		const after =
			change.op === 'create'
				? { kind: change.kind, geometry: change.geometry, properties: change.properties }
				: change.op === 'delete'
					? undefined
					: change.op === 'restore'
						? { kind: before!.kind, geometry: change.geometry, properties: change.properties }
						: { kind: before!.kind, geometry: change.geometry ?? before!.geometry, properties: change.properties ? patchProperties(before!.properties, change.properties) : before!.properties };
		const refusal = check(before && !before.deleted ? before : undefined, after);
		if (refusal) throw new EditRefusedError(refusal);
	}

	/** One change, checked against the version it names. */
	function* write(change: Change): Steps<Row, { action: ChangeAction; row: Row; feature: AppliedFeature }> {
		if (change.op === 'create') {
			const row = (yield { op: 'create', change }) as Row;
			return { action: 'create', row, feature: view.stored(row) };
		}
		const w = yield* load(change.id);
		if (!w) throw new FeatureNotFoundError(change.id);
		const { row: current, state } = w;
		const isDeleted = state.deleted === true;
		if (change.op === 'restore' ? !isDeleted : isDeleted) {
			throw new VersionConflictError(isDeleted ? null : view.stored(current), change.baseVersion);
		}
		let update = change;
		let merged: string[] | undefined;
		if (state.version !== change.baseVersion) {
			if (change.op !== 'update' || change.merge === 'strict') throw new VersionConflictError(view.stored(current), change.baseVersion);
			const base = (yield { op: 'version', id: change.id, version: change.baseVersion }) as FeatureState | undefined;
			if (!base) throw new VersionConflictError(view.stored(current), change.baseVersion);
			const rebased = rebaseUpdate(change, base, state);
			if (!rebased.ok) throw new VersionConflictError(view.stored(current), change.baseVersion, rebased.conflicts);
			update = rebased.update;
			merged = rebased.merged;
		}
		const version = state.version + 1;
		if (update.op === 'delete') {
			const row = (yield { op: 'delete', current, version }) as Row;
			return { action: 'delete', row, feature: { ...view.stored(row), deleted: true } };
		}
		// Only what changed is passed on: a move keeps the stored properties as they are.
		const properties =
			update.op === 'restore'
				? update.properties
				: update.properties && Object.keys(update.properties).length > 0
					? patchProperties(state.properties, update.properties)
					: undefined;
		const action = actionOf(update);
		const row = (yield { op: 'update', current, version, action, geometry: update.geometry, properties }) as Row;
		const feature: AppliedFeature = view.stored(row);
		if (merged) feature.merged = merged;
		return { action, row, feature };
	}

	const written: ChangesetOutcome['written'] = [];
	let meta = input.meta ?? null;
	let comment = input.comment ?? '';
	for (const action of actions) {
		for (const read of action.reads) {
			const w = yield* load(read.id);
			if (!w || w.state.kind !== read.kind) throw new FeatureNotFoundError(read.id);
			if (w.state.deleted) throw new VersionConflictError(null, read.currentVersion ?? null);
			if (read.currentVersion !== undefined && w.state.version !== read.currentVersion) {
				throw new VersionConflictError(view.stored(w.row), read.currentVersion);
			}
		}
		const refusal = action.disabled(states, ctx);
		if (refusal) throw new EditRefusedError(refusal);
		const described = action.describe?.(states);
		if (described?.meta) meta = { ...meta, ...described.meta };
		if (described?.comment && !input.comment) comment = comment ? `${comment}; ${described.comment}` : described.comment;
		const first = written.length;
		for (const change of action.apply(states, ctx)) {
			if (input.guard) yield* guard(input.guard, change);
			const result = yield* write(change);
			remember(result.row);
			written.push({ action: result.action, feature: result.feature });
		}
		if (action.recorded) meta = { ...meta, ...action.recorded(written.slice(first).map((w) => w.feature)) };
	}
	return { comment, meta, written };
}

/**
 * The inverse of a changeset, from the versions it wrote (in the order it wrote them), each with
 * its state. Throws RevertConflictError when any of its features changed since: their later edits
 * would otherwise be lost. Each feature is read afresh (`load`), not from an earlier read.
 */
export function* revertSteps<Row, V extends { featureId: number; version: number }>(
	changesetId: number,
	versions: readonly V[],
	stateOf: (version: V) => FeatureState,
	view: RowView<Row>
): Steps<Row, Change[]> {
	const changed: RevertConflictError['changed'] = [];
	const inverse: Change[] = [];
	for (const v of versions) {
		const row = (yield { op: 'load', id: v.featureId }) as Row | undefined;
		const current = row === undefined ? undefined : view.state(row);
		if (!current || current.version !== v.version) {
			changed.push({ featureId: v.featureId, expectedVersion: v.version, currentVersion: current?.version ?? null });
			continue;
		}
		const before = v.version > 1 ? ((yield { op: 'version', id: v.featureId, version: v.version - 1 }) as FeatureState | undefined) : undefined;
		inverse.push(invertChange(before, stateOf(v)));
	}
	if (changed.length > 0) throw new RevertConflictError(changesetId, changed);
	return inverse;
}

/**
 * The summary of a changeset just written, known without reading it back: versions in change
 * order, and nothing can have reverted a changeset that did not exist a moment ago.
 */
export function summaryOf(
	changeset: Pick<ChangesetSummary, 'id' | 'createdAt' | 'author' | 'source' | 'revertOf'>,
	outcome: ChangesetOutcome
): AppliedChangeset {
	return {
		changeset: {
			id: changeset.id,
			createdAt: changeset.createdAt,
			author: changeset.author,
			comment: outcome.comment,
			source: changeset.source,
			revertOf: changeset.revertOf,
			revertedBy: null,
			meta: outcome.meta,
			features: outcome.written.map(({ action, feature }) => ({ featureId: feature.id, kind: feature.kind, version: feature.version, action }))
		},
		results: outcome.written.map((w) => w.feature)
	};
}

/** A changeset row as a store reads it: the summary but for what other rows say. */
export type ChangesetRecord = Omit<ChangesetSummary, 'revertedBy' | 'features'>;

/**
 * Summaries of stored changesets, from their rows, the versions they wrote (in the order written)
 * and the changesets that revert them.
 */
export function summariseChangesets(
	rows: readonly ChangesetRecord[],
	versions: readonly { changesetId: number; featureId: number; kind: string; version: number; action: string }[],
	reverts: readonly { id: number; revertOf: number | null }[]
): ChangesetSummary[] {
	return rows.map((r) => ({
		id: r.id,
		createdAt: r.createdAt,
		author: r.author,
		comment: r.comment,
		source: r.source,
		revertOf: r.revertOf,
		revertedBy: reverts.find((x) => x.revertOf === r.id)?.id ?? null,
		meta: r.meta,
		features: versions
			.filter((v) => v.changesetId === r.id)
			.map((v) => ({ featureId: v.featureId, kind: v.kind, version: v.version, action: v.action as ChangeAction }))
	}));
}
