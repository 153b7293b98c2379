/**
 * Writes. Every write is one synchronous transaction that records a changeset, bumps each
 * feature's version and appends the new version to `feature_versions`; nothing is ever
 * overwritten or lost. Edits arrive as actions (src/lib/domain/edits/): inside the transaction
 * each feature an action names is read once, the action says whether it may apply and what it
 * changes, and each change is checked against the version it names (merged field by field when
 * it can be, merge.ts). Undo applies the inverse of a changeset (invert.ts) as a new changeset.
 */
import { and, desc, eq, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { Geometry } from 'geojson';
import type { ChangesetSummary } from '../../domain/api-types';
import type { Db } from '../db';
import { changesets, features, featureVersions, type ChangesetRow, type FeatureRow } from '../db/schema';
import { geometryBbox } from '../../geo/validate-geometry';
import { DEFAULT_RULES } from '../../domain/rules';
import type { EditAction, EditContext } from '../../domain/edits/action';
import { actionApplyChanges } from '../../domain/edits/actions/apply-changes';
import { actionOf, type Change, type ChangeAction } from '../../domain/edits/change';
import { patchProperties, type FeatureState } from '../../domain/edits/feature-state';
import { invertChange } from '../../domain/edits/invert';
import { rebaseUpdate } from '../../domain/edits/merge';
import type { ChangesetInput } from './changeset-input';
import type { ChangesetStore, FeatureVersion } from '../store/types';
import { toStoredFeature, type StoredFeature } from './stored-feature';
import { prepareWriteStatements, type WriteStatements } from './write-statements';
import { ChangesetNotFoundError, EditRefusedError, FeatureNotFoundError, RevertConflictError, VersionConflictError } from './errors';

export type { ChangesetInput } from './changeset-input';
export type { ChangesetSummary };

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

/** A feature as the write transaction holds it: its state, and the stored text it need not re-serialise. */
interface Working {
	state: FeatureState;
	row: FeatureRow;
}

export class ChangesetRepository implements ChangesetStore {
	private readonly clock: () => Date;
	private statements: WriteStatements | undefined;

	constructor(private readonly db: Db, options: { clock?: () => Date } = {}) {
		this.clock = options.clock ?? (() => new Date());
	}

	/** Prepared on first write, so a repository that only reads never prepares them. */
	private get stmt(): WriteStatements {
		return (this.statements ??= prepareWriteStatements(this.db));
	}

	/**
	 * Applies the actions as one changeset, all or nothing. Throws FeatureNotFoundError,
	 * VersionConflictError or EditRefusedError without writing anything.
	 */
	async perform(input: ChangesetInput, actions: readonly EditAction[], rules: EditContext['rules'] = DEFAULT_RULES): Promise<AppliedChangeset> {
		return this.performNow(input, actions, rules);
	}

	/** `perform`, answered in this call: for code that must not yield between reading and writing (the seed, the import worker). */
	performNow(input: ChangesetInput, actions: readonly EditAction[], rules: EditContext['rules'] = DEFAULT_RULES): AppliedChangeset {
		const run = this.db.$client.transaction(() => this.performInTransaction(input, actions, rules));
		// IMMEDIATE takes the write lock up front so two writers never both read an old version.
		return run.immediate();
	}

	/** Stores changes worked out elsewhere (an import, the seed), each still checked against its version. */
	async apply(input: ChangesetInput, changes: Change[]): Promise<AppliedChangeset> {
		return this.applyNow(input, changes);
	}

	applyNow(input: ChangesetInput, changes: Change[]): AppliedChangeset {
		return this.performNow(input, [actionApplyChanges('changes', changes)]);
	}

	private performInTransaction(input: ChangesetInput, actions: readonly EditAction[], rules: EditContext['rules']): AppliedChangeset {
		const now = this.clock();
		const at = now.toISOString();
		const ctx: EditContext = { now, rules };
		const cs = this.stmt.insertChangeset.get({
			createdAt: at,
			author: input.author,
			userId: input.userId ?? null,
			comment: input.comment ?? '',
			source: input.source,
			revertOf: input.revertOf ?? null,
			meta: input.meta ? JSON.stringify(input.meta) : null
		})!;
		const working = new Map<number, Working>();
		const states = new Map<number, FeatureState>();
		const load = (id: number): Working | undefined => {
			let w = working.get(id);
			if (!w) {
				const row = this.stmt.featureById.get({ id });
				if (!row) return undefined;
				w = { row, state: stateOf(row) };
				working.set(id, w);
				states.set(id, w.state);
			}
			return w;
		};
		const written: { action: ChangeAction; feature: AppliedFeature }[] = [];
		let meta = input.meta ?? null;
		let comment = input.comment ?? '';
		for (const action of actions) {
			for (const read of action.reads) {
				const w = load(read.id);
				if (!w || w.state.kind !== read.kind) throw new FeatureNotFoundError(read.id);
				if (w.state.deleted) throw new VersionConflictError(null, read.currentVersion ?? null);
				if (read.currentVersion !== undefined && w.state.version !== read.currentVersion) {
					throw new VersionConflictError(toStoredFeature(w.row), read.currentVersion);
				}
			}
			const refusal = action.disabled(states, ctx);
			if (refusal) throw new EditRefusedError(refusal);
			const described = action.describe?.(states);
			if (described?.meta) meta = { ...meta, ...described.meta };
			if (described?.comment && !input.comment) comment = comment ? `${comment}; ${described.comment}` : described.comment;
			for (const change of action.apply(states, ctx)) {
				if (input.guard) this.guard(input.guard, change, load);
				const result = this.write(change, cs.id, input.author, at, load);
				working.set(result.feature.id, { row: result.row, state: stateOf(result.row) });
				states.set(result.feature.id, stateOf(result.row));
				written.push(result);
			}
		}
		if (meta !== (input.meta ?? null) || comment !== cs.comment) this.stmt.describeChangeset.run({ id: cs.id, comment, meta: meta && JSON.stringify(meta) });
		// The summary is known without reading back what was just written: versions in change
		// order, and nothing can have reverted a changeset that did not exist a moment ago.
		const changeset: ChangesetSummary = {
			id: cs.id,
			createdAt: cs.createdAt,
			author: cs.author,
			comment,
			source: cs.source,
			revertOf: cs.revertOf,
			revertedBy: null,
			meta,
			features: written.map(({ action, feature }) => ({ featureId: feature.id, kind: feature.kind, version: feature.version, action }))
		};
		return { changeset, results: written.map((w) => w.feature) };
	}

	/** The caller's guard over one change: the feature before it and after it, as far as the change says. */
	private guard(guard: NonNullable<ChangesetInput['guard']>, change: Change, load: (id: number) => Working | undefined): void {
		const before = change.op === 'create' ? undefined : load(change.id)?.state;
		if (change.op !== 'create' && !before) return; // the write itself says it is not found
		const after =
			change.op === 'create'
				? { kind: change.kind, geometry: change.geometry, properties: change.properties }
				: change.op === 'delete'
					? undefined
					: change.op === 'restore'
						? { kind: before!.kind, geometry: change.geometry, properties: change.properties }
						: { kind: before!.kind, geometry: change.geometry ?? before!.geometry, properties: change.properties ? patchProperties(before!.properties, change.properties) : before!.properties };
		const refusal = guard(before && !before.deleted ? before : undefined, after);
		if (refusal) throw new EditRefusedError(refusal);
	}

	/** One change, checked against the version it names; `load` reads a feature at most once per changeset. */
	private write(change: Change, changesetId: number, author: string, now: string, load: (id: number) => Working | undefined) {
		if (change.op === 'create') {
			const geometry = JSON.stringify(change.geometry);
			const properties = JSON.stringify(change.properties);
			const [minX, minY, maxX, maxY] = geometryBbox(change.geometry);
			const row = this.stmt.insertFeature.get({ kind: change.kind, geometry, properties, minX, minY, maxX, maxY, now, author })!;
			this.appendVersion(row.id, 1, changesetId, change.kind, 'create', geometry, properties, null, now);
			return { action: 'create' as const, row, feature: toStoredFeature(row) as AppliedFeature };
		}

		const w = load(change.id);
		if (!w) throw new FeatureNotFoundError(change.id);
		const current = w.row;
		const isDeleted = current.deletedAt !== null;
		if (change.op === 'restore' ? !isDeleted : isDeleted) {
			throw new VersionConflictError(isDeleted ? null : toStoredFeature(current), change.baseVersion);
		}
		let update = change;
		let merged: string[] | undefined;
		if (current.version !== change.baseVersion) {
			if (change.op !== 'update' || change.merge === 'strict') throw new VersionConflictError(toStoredFeature(current), change.baseVersion);
			const base = this.stmt.versionOf.get({ featureId: change.id, version: change.baseVersion });
			if (!base) throw new VersionConflictError(toStoredFeature(current), change.baseVersion);
			const rebased = rebaseUpdate(change, versionState(change.id, base), w.state);
			if (!rebased.ok) throw new VersionConflictError(toStoredFeature(current), change.baseVersion, rebased.conflicts);
			update = rebased.update;
			merged = rebased.merged;
		}
		const version = current.version + 1;

		if (update.op === 'delete') {
			this.stmt.markDeleted.run({ id: update.id, version, now, author });
			this.appendVersion(update.id, version, changesetId, current.kind, 'delete', current.geometry, current.properties, now, now);
			const row = { ...current, version, updatedAt: now, updatedBy: author, deletedAt: now };
			return { action: 'delete' as const, row, feature: { ...toStoredFeature(row), deleted: true } as AppliedFeature };
		}

		// Only what changed is serialised again: a move keeps the stored properties text as it is.
		const geometry = update.geometry ? JSON.stringify(update.geometry) : current.geometry;
		const properties =
			update.op === 'restore'
				? JSON.stringify(update.properties)
				: update.properties && Object.keys(update.properties).length > 0
					? JSON.stringify(patchProperties(w.state.properties, update.properties))
					: current.properties;
		const [minX, minY, maxX, maxY] = update.geometry ? geometryBbox(update.geometry as Geometry) : [current.minX, current.minY, current.maxX, current.maxY];
		const row = this.stmt.updateFeature.get({ id: update.id, geometry, properties, minX, minY, maxX, maxY, version, now, author })!;
		const action = actionOf(update);
		this.appendVersion(update.id, version, changesetId, current.kind, action, geometry, properties, null, now);
		const feature: AppliedFeature = toStoredFeature(row);
		if (merged) feature.merged = merged;
		return { action, row, feature };
	}

	private appendVersion(
		featureId: number,
		version: number,
		changesetId: number,
		kind: string,
		action: ChangeAction,
		geometry: string,
		properties: string,
		deletedAt: string | null,
		createdAt: string
	): void {
		this.stmt.insertVersion.run({ featureId, version, changesetId, kind, action, geometry, properties, deletedAt, createdAt });
	}

	/**
	 * Undo: applies the inverse of a changeset as a new changeset. Refused when any of its
	 * features has changed since (their later edits would otherwise be lost).
	 */
	async revert(changesetId: number, input: Omit<ChangesetInput, 'revertOf'>): Promise<AppliedChangeset> {
		const run = this.db.$client.transaction(() => {
			const target = this.stmt.changesetById.get({ id: changesetId });
			if (!target) throw new ChangesetNotFoundError(changesetId);
			const versions = this.stmt.versionsOfChangeset.all({ changesetId });
			const changed: RevertConflictError['changed'] = [];
			const inverse: Change[] = [];
			for (const v of versions) {
				const current = this.stmt.featureById.get({ id: v.featureId });
				if (!current || current.version !== v.version) {
					changed.push({ featureId: v.featureId, expectedVersion: v.version, currentVersion: current?.version ?? null });
					continue;
				}
				const before = v.version > 1 ? this.stmt.versionOf.get({ featureId: v.featureId, version: v.version - 1 }) : undefined;
				inverse.push(invertChange(before && versionState(v.featureId, before), versionState(v.featureId, v)));
			}
			if (changed.length > 0) throw new RevertConflictError(changesetId, changed);
			return this.performInTransaction(
				{ ...input, revertOf: changesetId, comment: input.comment ?? `Undo of changeset ${changesetId}` },
				[actionApplyChanges('changeset.revert', inverse)],
				DEFAULT_RULES
			);
		});
		return run.immediate();
	}

	async get(id: number): Promise<ChangesetSummary | undefined> {
		const row = this.db.select().from(changesets).where(eq(changesets.id, id)).get();
		return row ? this.summarise([row])[0] : undefined;
	}

	/** Newest first. `before` pages backwards by id. */
	async list(options: { limit: number; before?: number; author?: string; featureId?: number }): Promise<ChangesetSummary[]> {
		const conds = [];
		if (options.before !== undefined) conds.push(lt(changesets.id, options.before));
		if (options.author !== undefined) conds.push(eq(changesets.author, options.author));
		if (options.featureId !== undefined) {
			conds.push(inArray(changesets.id, this.db.select({ id: featureVersions.changesetId }).from(featureVersions).where(eq(featureVersions.featureId, options.featureId))));
		}
		const rows = this.db
			.select()
			.from(changesets)
			.where(conds.length ? and(...conds) : undefined)
			.orderBy(desc(changesets.id))
			.limit(options.limit)
			.all();
		return this.summarise(rows);
	}

	/** Every stored version of a feature, oldest first. */
	async history(featureId: number): Promise<FeatureVersion[]> {
		return this.db
			.select({
				version: featureVersions.version,
				kind: featureVersions.kind,
				action: featureVersions.action,
				changesetId: featureVersions.changesetId,
				createdAt: featureVersions.createdAt,
				author: changesets.author,
				geometry: featureVersions.geometry,
				properties: featureVersions.properties
			})
			.from(featureVersions)
			.innerJoin(changesets, eq(changesets.id, featureVersions.changesetId))
			.where(eq(featureVersions.featureId, featureId))
			.orderBy(featureVersions.version)
			.all()
			.map((v) => ({ ...v, action: v.action as ChangeAction, geometry: JSON.parse(v.geometry) as Geometry, properties: JSON.parse(v.properties) as Record<string, unknown> }));
	}

	private summarise(rows: ChangesetRow[]): ChangesetSummary[] {
		if (rows.length === 0) return [];
		const ids = rows.map((r) => r.id);
		const versions = this.db
			.select({ changesetId: featureVersions.changesetId, featureId: featureVersions.featureId, kind: featureVersions.kind, version: featureVersions.version, action: featureVersions.action })
			.from(featureVersions)
			.where(inArray(featureVersions.changesetId, ids))
			.orderBy(featureVersions.id)
			.all();
		const reverts = this.db
			.select({ id: changesets.id, revertOf: changesets.revertOf })
			.from(changesets)
			.where(inArray(changesets.revertOf, ids))
			.all();
		return rows.map((r) => ({
			id: r.id,
			createdAt: r.createdAt,
			author: r.author,
			comment: r.comment,
			source: r.source,
			revertOf: r.revertOf,
			revertedBy: reverts.find((x) => x.revertOf === r.id)?.id ?? null,
			meta: r.meta ? JSON.parse(r.meta) : null,
			features: versions
				.filter((v) => v.changesetId === r.id)
				.map((v) => ({ featureId: v.featureId, kind: v.kind, version: v.version, action: v.action as ChangeAction }))
		}));
	}

	async latestId(): Promise<number> {
		return this.stmt.latestChangesetId.get()!.id;
	}

	/** The number of live features; used by tests and health checks. */
	liveFeatureCount(): number {
		return this.db.select({ n: sql<number>`count(*)` }).from(features).where(isNull(features.deletedAt)).get()!.n;
	}
}

function stateOf(row: FeatureRow): FeatureState {
	return { id: row.id, kind: row.kind, version: row.version, geometry: JSON.parse(row.geometry), properties: JSON.parse(row.properties), deleted: row.deletedAt !== null };
}

function versionState(featureId: number, v: { kind: string; version: number; geometry: string; properties: string; deletedAt: string | null }): FeatureState {
	return { id: featureId, kind: v.kind, version: v.version, geometry: JSON.parse(v.geometry), properties: JSON.parse(v.properties), deleted: v.deletedAt !== null };
}
