/**
 * Feature edits as the API asks for them: the request checked against the kind and turned into
 * an edit action, which the EditService applies as one changeset. Route handlers stay thin and
 * call these.
 */
import type { Geometry } from 'geojson';
import { kindByCollection, type KindDef } from '../../../domain/kinds';
import { validateFeature } from '../../../domain/validate-feature';
import { DEFAULT_TIME_ZONE } from '../../../domain/time/time-zone';
import type { EditAction } from '../../../domain/edits/action';
import { actionCreateFeature } from '../../../domain/edits/actions/create-feature';
import { actionDeleteFeature } from '../../../domain/edits/actions/delete-feature';
import { actionPatchFeature } from '../../../domain/edits/actions/patch-feature';
import { checkParent, parentIdOf } from '../../../domain/inspections/zone-tree';
import { ServiceError } from '../service-error';
import type { AppliedChangeset, FeatureReads, StoredFeature } from '../../store/types';
import type { EditService, WriteContext } from '../edits/edit-service';

export type { WriteContext } from '../edits/edit-service';

export function collectionDef(collection: string | undefined): KindDef {
	const def = kindByCollection(collection ?? '');
	if (!def) throw new ServiceError('not-found', 'collection.not-found', `There is no layer "${collection}".`);
	return def;
}

export function parseFeatureId(raw: string | undefined): number {
	const id = Number(raw);
	if (!Number.isSafeInteger(id) || id <= 0) throw new ServiceError('not-found', 'feature.not-found', `Feature "${raw}" does not exist.`);
	return id;
}

export function invalidFeature(issues: { code: string; message: string; path: string }[]): ServiceError {
	return new ServiceError('invalid', 'feature.invalid', issues.map((i) => i.message).join(' '), { issues });
}

export class FeatureService {
	constructor(
		private readonly features: FeatureReads,
		private readonly edits: EditService,
		/** Fills fields that default to the time of the write (a hotspot's `reportedAt`). */
		private readonly clock: () => Date,
		/** The project's time zone: a record's date "after today" is judged in it. */
		private readonly timeZone: string = DEFAULT_TIME_ZONE
	) {}

	async get(def: KindDef, id: number): Promise<StoredFeature> {
		const f = await this.features.get(def.kind, id);
		if (!f) throw notFound(def, id);
		return f;
	}

	createAction(def: KindDef, body: unknown, ctx: Pick<WriteContext, 'maxVertices'>): EditAction {
		const result = validateFeature(def, body, 'create', { now: this.clock(), limits: { maxVertices: ctx.maxVertices }, timeZone: this.timeZone });
		if (!result.ok) throw invalidFeature(result.issues);
		return actionCreateFeature(def.kind, result.value.geometry as Geometry, result.value.properties);
	}

	/** Merge-patch: given properties replace, `null` removes; a given geometry replaces the old one. */
	patchAction(def: KindDef, id: number, body: unknown, baseVersion: number | undefined, ctx: Pick<WriteContext, 'maxVertices'>): EditAction {
		const version = baseVersion ?? versionInBody(body);
		const result = validateFeature(def, body, 'patch', { limits: { maxVertices: ctx.maxVertices } });
		if (!result.ok) throw invalidFeature(result.issues);
		const { geometry, properties } = result.value;
		return actionPatchFeature({ kind: def.kind, id, version, timeZone: this.timeZone }, { properties: Object.keys(properties).length > 0 ? properties : undefined, geometry });
	}

	deleteAction(def: KindDef, id: number, baseVersion: number | undefined): EditAction {
		return actionDeleteFeature({ kind: def.kind, id, version: baseVersion });
	}

	/**
	 * Checks what an edit links to among the stored features: a zone's parent zone must exist and
	 * must not lie below the zone (no cycles). `id` is null for a new feature.
	 */
	async checkLinks(def: KindDef, id: number | null, body: unknown): Promise<void> {
		const properties = typeof body === 'object' && body !== null ? (body as { properties?: unknown }).properties : undefined;
		if (def.kind !== 'zone' || typeof properties !== 'object' || properties === null || !('parentId' in properties)) return;
		const zones = (await this.features.all('zone')).map((z) => ({ id: z.id, parentId: parentIdOf(z.properties) }));
		const problem = checkParent(id, (properties as Record<string, unknown>).parentId, zones);
		if (problem) throw new ServiceError(problem.code === 'zone.parent.cycle' ? 'conflict' : 'invalid', problem.code, problem.message, { path: 'properties.parentId' });
	}

	async create(def: KindDef, body: unknown, ctx: WriteContext): Promise<AppliedChangeset> {
		await this.checkLinks(def, null, body);
		return this.edits.perform(ctx, [this.createAction(def, body, ctx)]);
	}

	async patch(def: KindDef, id: number, body: unknown, baseVersion: number | undefined, ctx: WriteContext): Promise<AppliedChangeset> {
		await this.checkLinks(def, id, body);
		return this.edits.perform(ctx, [this.patchAction(def, id, body, baseVersion, ctx)]);
	}

	async delete(def: KindDef, id: number, baseVersion: number | undefined, ctx: WriteContext): Promise<AppliedChangeset> {
		return this.edits.perform(ctx, [this.deleteAction(def, id, baseVersion)]);
	}
}

function notFound(def: KindDef, id: number): ServiceError {
	return new ServiceError('not-found', 'feature.not-found', `There is no ${def.label.en.toLowerCase()} feature ${id}.`);
}

function versionInBody(body: unknown): number | undefined {
	if (typeof body !== 'object' || body === null) return undefined;
	const v = (body as { version?: unknown }).version;
	if (v === undefined) return undefined;
	if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw new ServiceError('invalid', 'version.invalid', '"version" must be a whole number.');
	return v;
}
