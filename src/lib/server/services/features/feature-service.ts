/**
 * Feature writes as the API and UI ask for them: validate against the kind, merge patches, and
 * hand one changeset to the repository. Route handlers stay thin and call these.
 */
import type { Geometry } from 'geojson';
import { kindByCollection, type KindDef } from '../../../domain/kinds';
import { validateFeature } from '../../../domain/validate-feature';
import { LIFECYCLE_FIELDS } from '../../../domain/hotspot-lifecycle';
import { ApiError } from '../../http/api-error';
import type { ChangesetRepository, AppliedChangeset, ChangesetInput } from '../../repositories/changesets';
import { VersionConflictError } from '../../repositories/errors';
import type { FeatureRepository } from '../../repositories/features';
import type { StoredFeature } from '../../repositories/stored-feature';

export interface WriteContext {
	author: string;
	source: ChangesetInput['source'];
	comment?: string;
	maxVertices: number;
}

export function collectionDef(collection: string | undefined): KindDef {
	const def = kindByCollection(collection ?? "");
	if (!def) throw new ApiError(404, 'collection.not-found', `There is no layer "${collection}".`);
	return def;
}

export function parseFeatureId(raw: string | undefined): number {
	const id = Number(raw);
	if (!Number.isSafeInteger(id) || id <= 0) throw new ApiError(404, 'feature.not-found', `Feature "${raw}" does not exist.`);
	return id;
}

function invalid(issues: { code: string; message: string; path: string }[]): ApiError {
	return new ApiError(400, 'feature.invalid', issues.map((i) => i.message).join(' '), { issues });
}

export class FeatureService {
	constructor(
		private readonly features: FeatureRepository,
		private readonly changesets: ChangesetRepository,
		/** Fills fields that default to the time of the write (a hotspot's `reportedAt`). */
		private readonly clock: () => Date
	) {}

	get(def: KindDef, id: number): StoredFeature {
		const f = this.features.get(def.kind, id);
		if (!f) throw this.notFound(def, id);
		return f;
	}

	private notFound(def: KindDef, id: number): ApiError {
		return new ApiError(404, 'feature.not-found', `There is no ${def.label.en.toLowerCase()} feature ${id}.`);
	}

	create(def: KindDef, body: unknown, ctx: WriteContext): AppliedChangeset {
		const result = validateFeature(def, body, 'create', { now: this.clock(), limits: { maxVertices: ctx.maxVertices } });
		if (!result.ok) throw invalid(result.issues);
		return this.changesets.apply(ctx, [
			{ op: 'create', kind: def.kind, geometry: result.value.geometry as Geometry, properties: result.value.properties }
		]);
	}

	private forWrite(def: KindDef, id: number, baseVersion: number | undefined): StoredFeature {
		return featureForWrite(this.features, def.kind, id, baseVersion, () => this.notFound(def, id));
	}

	/** Merge-patch: given properties replace, `null` removes; a given geometry replaces the old one. */
	patch(def: KindDef, id: number, body: unknown, baseVersion: number | undefined, ctx: WriteContext): AppliedChangeset {
		const version = baseVersion ?? versionInBody(body);
		const current = this.forWrite(def, id, version);
		if (version === undefined) {
			throw new ApiError(428, 'version.required', 'Say which version you edited: send If-Match: "<version>" or a "version" member.');
		}
		const result = validateFeature(def, body, 'patch', { limits: { maxVertices: ctx.maxVertices } });
		if (!result.ok) throw invalid(result.issues);
		if (def.kind === 'hotspot') refuseLifecycleEdit(current.properties, result.value.properties);
		const properties = { ...current.properties };
		for (const [k, v] of Object.entries(result.value.properties)) {
			if (v === null) delete properties[k];
			else properties[k] = v;
		}
		return this.changesets.apply(ctx, [{ op: 'update', id, baseVersion: version, geometry: result.value.geometry, properties }]);
	}

	delete(def: KindDef, id: number, baseVersion: number | undefined, ctx: WriteContext): AppliedChangeset {
		this.forWrite(def, id, baseVersion);
		if (baseVersion === undefined) {
			throw new ApiError(428, 'version.required', 'Say which version you are deleting: send If-Match: "<version>".');
		}
		return this.changesets.apply(ctx, [{ op: 'delete', id, baseVersion }]);
	}
}

/**
 * The live feature a write is about. One that existed but was deleted is a conflict (409, with
 * `current: null`), the same answer the changeset gives when the delete lands between this read
 * and the write's transaction, so the caller's answer does not depend on timing. Only an id that
 * never was a feature of this kind gets `notFound` (a 404).
 */
export function featureForWrite(features: FeatureRepository, kind: string, id: number, baseVersion: number | undefined, notFound: () => ApiError): StoredFeature {
	const live = features.get(kind, id);
	if (live) return live;
	if (!features.wasDeleted(kind, id)) throw notFound();
	if (baseVersion !== undefined) throw new VersionConflictError(null, baseVersion);
	throw new ApiError(409, 'conflict', 'This feature was deleted by someone else. Nothing was saved.', { expectedVersion: null, current: null });
}

/** A hotspot's status and resolution move only through its lifecycle, so every move is checked and shows in its timeline. */
function refuseLifecycleEdit(current: Record<string, unknown>, changes: Record<string, unknown>): void {
	const changed = LIFECYCLE_FIELDS.filter((k) => k in changes && JSON.stringify(changes[k]) !== JSON.stringify(current[k]));
	if (changed.length > 0) {
		throw new ApiError(409, 'hotspot.use-transition', `A hotspot's ${changed.join(', ')} cannot be edited directly; move the case with POST /api/hotspots/{id}/transition.`, {
			fields: changed
		});
	}
}

function versionInBody(body: unknown): number | undefined {
	if (typeof body !== 'object' || body === null) return undefined;
	const v = (body as { version?: unknown }).version;
	if (v === undefined) return undefined;
	if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw new ApiError(400, 'version.invalid', '"version" must be a whole number.');
	return v;
}
