/**
 * Writes. Every write is one synchronous transaction that records a changeset, bumps each
 * feature's version and appends the new version to `feature_versions`; nothing is ever
 * overwritten or lost. Undo reverts a changeset by applying its inverse as a new changeset.
 */
import { and, desc, eq, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { Geometry } from 'geojson';
import type { Db } from '../db';
import { changesets, features, featureVersions, type ChangesetRow } from '../db/schema';
import { geometryBbox } from '../../geo/validate-geometry';
import type { ChangesetInput, EditOp } from './edit-ops';
import { toStoredFeature, type StoredFeature } from './stored-feature';
import { prepareWriteStatements, type WriteStatements } from './write-statements';
import { ChangesetNotFoundError, FeatureNotFoundError, RevertConflictError, VersionConflictError } from './errors';

export type { ChangesetInput, EditOp } from './edit-ops';

export type EditAction = 'create' | 'update' | 'delete';

export interface ChangesetSummary {
	id: number;
	createdAt: string;
	author: string;
	comment: string;
	source: string;
	revertOf: number | null;
	/** The changeset that undid this one, if any. */
	revertedBy: number | null;
	meta: Record<string, unknown> | null;
	features: { featureId: number; kind: string; version: number; action: EditAction }[];
}

export interface AppliedChangeset {
	changeset: ChangesetSummary;
	/** The result of each op, in order: the feature as stored now (deleted ones with `deleted: true`). */
	results: (StoredFeature & { deleted?: boolean })[];
}

export class ChangesetRepository {
	private readonly clock: () => Date;
	private statements: WriteStatements | undefined;

	constructor(private readonly db: Db, options: { clock?: () => Date } = {}) {
		this.clock = options.clock ?? (() => new Date());
	}

	/** Prepared on first write, so a repository that only reads never prepares them. */
	private get stmt(): WriteStatements {
		return (this.statements ??= prepareWriteStatements(this.db));
	}

	/** Applies all ops or none. Throws VersionConflictError / FeatureNotFoundError without writing anything. */
	apply(input: ChangesetInput, ops: EditOp[]): AppliedChangeset {
		const run = this.db.$client.transaction(() => this.applyInTransaction(input, ops));
		// IMMEDIATE takes the write lock up front so two writers never both read an old version.
		return run.immediate();
	}

	private applyInTransaction(input: ChangesetInput, ops: EditOp[]): AppliedChangeset {
		const now = this.clock().toISOString();
		const cs = this.stmt.insertChangeset.get({
			createdAt: now,
			author: input.author,
			userId: input.userId ?? null,
			comment: input.comment ?? '',
			source: input.source,
			revertOf: input.revertOf ?? null,
			meta: input.meta ? JSON.stringify(input.meta) : null
		})!;
		const applied = ops.map((op) => this.applyOp(op, cs.id, input.author, now));
		// The summary is known without reading back what was just written: versions in op order,
		// and nothing can have reverted a changeset that did not exist a moment ago.
		const changeset: ChangesetSummary = {
			id: cs.id,
			createdAt: cs.createdAt,
			author: cs.author,
			comment: cs.comment,
			source: cs.source,
			revertOf: cs.revertOf,
			revertedBy: null,
			meta: cs.meta ? JSON.parse(cs.meta) : null,
			features: applied.map(({ action, feature }) => ({ featureId: feature.id, kind: feature.kind, version: feature.version, action }))
		};
		return { changeset, results: applied.map((a) => a.feature) };
	}

	private applyOp(op: EditOp, changesetId: number, author: string, now: string): { action: EditAction; feature: StoredFeature & { deleted?: boolean } } {
		if (op.op === 'create') {
			const geometry = JSON.stringify(op.geometry);
			const properties = JSON.stringify(op.properties);
			const [minX, minY, maxX, maxY] = geometryBbox(op.geometry);
			const row = this.stmt.insertFeature.get({ kind: op.kind, geometry, properties, minX, minY, maxX, maxY, now, author })!;
			this.appendVersion(row.id, 1, changesetId, op.kind, 'create', geometry, properties, null, now);
			return { action: 'create', feature: toStoredFeature(row) };
		}

		const current = this.stmt.featureById.get({ id: op.id });
		if (!current) throw new FeatureNotFoundError(op.id);
		const isDeleted = current.deletedAt !== null;
		if (op.op === 'restore' ? !isDeleted : isDeleted) {
			throw new VersionConflictError(isDeleted ? null : toStoredFeature(current), op.baseVersion);
		}
		if (current.version !== op.baseVersion) {
			throw new VersionConflictError(isDeleted ? null : toStoredFeature(current), op.baseVersion);
		}
		const version = current.version + 1;

		if (op.op === 'delete') {
			this.stmt.markDeleted.run({ id: op.id, version, now, author });
			this.appendVersion(op.id, version, changesetId, current.kind, 'delete', current.geometry, current.properties, now, now);
			return { action: 'delete', feature: { ...toStoredFeature({ ...current, version, updatedAt: now, updatedBy: author }), deleted: true } };
		}

		const geometry = op.geometry ? JSON.stringify(op.geometry) : current.geometry;
		const properties = op.properties ? JSON.stringify(op.properties) : current.properties;
		const [minX, minY, maxX, maxY] = op.geometry ? geometryBbox(op.geometry as Geometry) : [current.minX, current.minY, current.maxX, current.maxY];
		const row = this.stmt.updateFeature.get({ id: op.id, geometry, properties, minX, minY, maxX, maxY, version, now, author })!;
		const action: EditAction = op.op === 'restore' ? 'create' : 'update';
		this.appendVersion(op.id, version, changesetId, current.kind, action, geometry, properties, null, now);
		return { action, feature: toStoredFeature(row) };
	}

	private appendVersion(
		featureId: number,
		version: number,
		changesetId: number,
		kind: string,
		action: EditAction,
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
	revert(changesetId: number, input: Omit<ChangesetInput, 'revertOf'>): AppliedChangeset {
		const run = this.db.$client.transaction(() => {
			const target = this.db.select().from(changesets).where(eq(changesets.id, changesetId)).get();
			if (!target) throw new ChangesetNotFoundError(changesetId);
			const versions = this.db.select().from(featureVersions).where(eq(featureVersions.changesetId, changesetId)).orderBy(featureVersions.id).all();
			const changed: RevertConflictError['changed'] = [];
			const ops: EditOp[] = [];
			for (const v of versions) {
				const current = this.db.select({ version: features.version }).from(features).where(eq(features.id, v.featureId)).get();
				if (!current || current.version !== v.version) {
					changed.push({ featureId: v.featureId, expectedVersion: v.version, currentVersion: current?.version ?? null });
					continue;
				}
				if (v.action === 'create' && v.version === 1) {
					ops.push({ op: 'delete', id: v.featureId, baseVersion: v.version });
					continue;
				}
				const before = this.db
					.select()
					.from(featureVersions)
					.where(and(eq(featureVersions.featureId, v.featureId), eq(featureVersions.version, v.version - 1)))
					.get()!;
				const state = { geometry: JSON.parse(before.geometry), properties: JSON.parse(before.properties) };
				if (before.deletedAt !== null) ops.push({ op: 'delete', id: v.featureId, baseVersion: v.version });
				else if (v.action === 'delete') ops.push({ op: 'restore', id: v.featureId, baseVersion: v.version, ...state });
				else ops.push({ op: 'update', id: v.featureId, baseVersion: v.version, ...state });
			}
			if (changed.length > 0) throw new RevertConflictError(changesetId, changed);
			return this.applyInTransaction(
				{ ...input, revertOf: changesetId, comment: input.comment ?? `Undo of changeset ${changesetId}` },
				ops
			);
		});
		return run.immediate();
	}

	get(id: number): ChangesetSummary | undefined {
		const row = this.db.select().from(changesets).where(eq(changesets.id, id)).get();
		return row ? this.summarise([row])[0] : undefined;
	}

	/** Newest first. `before` pages backwards by id. */
	list(options: { limit: number; before?: number; author?: string; featureId?: number }): ChangesetSummary[] {
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
	history(featureId: number) {
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
			.map((v) => ({ ...v, geometry: JSON.parse(v.geometry) as Geometry, properties: JSON.parse(v.properties) as Record<string, unknown> }));
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
				.map((v) => ({ featureId: v.featureId, kind: v.kind, version: v.version, action: v.action as EditAction }))
		}));
	}

	/** The number of live features; used by tests and health checks. */
	liveFeatureCount(): number {
		return this.db.select({ n: sql<number>`count(*)` }).from(features).where(isNull(features.deletedAt)).get()!.n;
	}
}
