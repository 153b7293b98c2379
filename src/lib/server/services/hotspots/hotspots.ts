/**
 * Hotspot cases: reporting one (zone, responsible person, deadline, duplicate warning), moving it
 * through its lifecycle (one changeset per move), reading its timeline, and the per-zone figures
 * managers rank zones by. The lifecycle rules themselves are data in domain/hotspot-lifecycle.
 */
import CheapRuler from 'cheap-ruler';
import type { Point } from 'geojson';
import { kindDef, type KindDef } from '../../../domain/kinds';
import { validateFeature } from '../../../domain/validate-feature';
import { isHotspotStatus, LIFECYCLE_FIELDS, MAX_PHOTOS_PER_MOVE, statusOf } from '../../../domain/hotspot-lifecycle';
import type { EditAction } from '../../../domain/edits/action';
import { actionMoveCase } from '../../../domain/edits/actions/move-case';
import { actionReportCase } from '../../../domain/edits/actions/report-case';
import { isOpenHotspot } from '../../../analysis/zone-hotspot-measures';
import { ServiceError } from '../service-error';
import type { AppliedChangeset, ChangesetStore, FeatureReads, StoredFeature } from '../../store/types';
import type { EditService, WriteContext } from '../edits/edit-service';
import { invalidFeature } from '../features/feature-service';
import { storedZoneAt } from '../features/stored-zone-at';
import type { PhotoService } from './photos';
import type { Duplicate, TimelineEntry } from '../../../domain/hotspot-case';

export type { Duplicate, TimelineEntry } from '../../../domain/hotspot-case';

/** A new report this close to an open case of the same category is probably the same problem. */
export const DUPLICATE_RADIUS_M = 30;

const HOTSPOT: KindDef = kindDef('hotspot')!;

export interface ReportResult {
	applied: AppliedChangeset;
	duplicates: Duplicate[];
	zone: { id: number; name: string | null } | null;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface HotspotServiceOptions {
	clock?: () => Date;
}

export class HotspotService {
	private readonly clock: () => Date;

	constructor(
		private readonly features: FeatureReads,
		private readonly changesets: ChangesetStore,
		private readonly edits: EditService,
		private readonly photos: PhotoService,
		options: HotspotServiceOptions = {}
	) {
		this.clock = options.clock ?? (() => new Date());
	}

	async get(id: number): Promise<StoredFeature> {
		const f = await this.features.get('hotspot', id);
		if (!f) throw this.notFound(id);
		return f;
	}

	private notFound(id: number): ServiceError {
		return new ServiceError('not-found', 'feature.not-found', `There is no hotspot ${id}.`);
	}

	/** Reports a new case. Lifecycle fields are set here, never taken from the report. */
	async report(body: unknown, ctx: WriteContext): Promise<ReportResult> {
		const { action, duplicates, zone } = await this.reportAction(body, ctx);
		return { applied: await this.edits.perform(ctx, [action]), duplicates, zone };
	}

	/** A report as an edit action, with what the reporter is told beside it: open cases near it, and its zone. */
	async reportAction(
		body: unknown,
		ctx: Pick<WriteContext, 'maxVertices'>,
		/** Fields the server sets on a public report (its source, its reporter count), after validation. */
		stamp: Record<string, unknown> = {}
	): Promise<{ action: EditAction; duplicates: Duplicate[]; zone: ReportResult['zone'] }> {
		if (isObject(body) && isObject(body.properties)) {
			const set = LIFECYCLE_FIELDS.filter((k) => k !== 'status' && (body.properties as Record<string, unknown>)[k] !== undefined);
			const status = (body.properties as Record<string, unknown>).status;
			if (set.length > 0 || (status !== undefined && status !== 'reported')) {
				throw new ServiceError('invalid', 'hotspot.lifecycle-field', 'A new report starts as "reported"; status and resolution fields are set by moving the case (POST /api/hotspots/{id}/transition).', {
					fields: status !== undefined && status !== 'reported' ? ['status', ...set] : set
				});
			}
		}
		const result = validateFeature(HOTSPOT, body, 'create', { now: this.clock(), limits: { maxVertices: ctx.maxVertices } });
		if (!result.ok) throw invalidFeature(result.issues);
		const properties = result.value.properties;
		const point = result.value.geometry as Point;
		await this.checkPhotos(Array.isArray(properties.photos) ? (properties.photos as string[]) : [], 'properties.photos');

		const zone = await this.zoneAt(point.coordinates[0], point.coordinates[1]);
		const duplicates = await this.openCasesNear(point, String(properties.category));
		const responsible = zone && typeof zone.properties.responsible === 'string' && zone.properties.responsible ? zone.properties.responsible : undefined;
		return {
			action: actionReportCase(point, { ...properties, ...stamp }, zone ? { id: zone.id, responsible } : null),
			duplicates,
			zone: zone ? { id: zone.id, name: typeof zone.properties.name === 'string' ? zone.properties.name : null } : null
		};
	}

	/** Moves a case; one changeset per move, its from → to, note and reason in the changeset's meta. */
	async transition(id: number, body: unknown, ctx: WriteContext): Promise<AppliedChangeset> {
		return this.edits.perform(ctx, [await this.moveAction(id, body)]);
	}

	/** `{ to, version, note?, reason?, photoIds? }` as an edit action; the photos must have been uploaded. */
	async moveAction(id: number, body: unknown): Promise<EditAction> {
		if (!isObject(body)) throw new ServiceError('invalid', 'transition.invalid', 'Send {"to": "<status>", "version": <n>} as JSON.');
		const version = body.version;
		if (version !== undefined && (typeof version !== 'number' || !Number.isSafeInteger(version))) throw new ServiceError('invalid', 'version.invalid', '"version" must be a whole number.');
		for (const key of ['note', 'reason'] as const) {
			if (body[key] !== undefined && typeof body[key] !== 'string') throw new ServiceError('invalid', 'transition.invalid', `"${key}" must be text.`);
		}
		const photoIds = body.photoIds ?? [];
		if (!Array.isArray(photoIds) || !photoIds.every((p) => typeof p === 'string')) {
			throw new ServiceError('invalid', 'transition.invalid', '"photoIds" must be a list of photo ids from POST /api/photos.');
		}
		await this.checkPhotos(photoIds, 'photoIds');
		const move = { to: String(body.to), note: body.note as string | undefined, reason: body.reason as string | undefined, photoIds };
		return actionMoveCase({ id, version: version as number | undefined }, move);
	}

	/** Every version of a case as a step of its story: who, when, from → to, note. */
	async timeline(id: number): Promise<TimelineEntry[]> {
		const history = await this.changesets.history(id);
		if (history.length === 0 || history[0].kind !== 'hotspot') throw new ServiceError('not-found', 'feature.not-found', `There is no hotspot ${id}.`);
		const entries: TimelineEntry[] = [];
		let previous: Record<string, unknown> | null = null;
		for (const v of history) {
			const cs = (await this.changesets.get(v.changesetId))!;
			const move = isObject(cs.meta?.hotspot) ? (cs.meta!.hotspot as Record<string, unknown>) : null;
			const to = statusOf(v.properties);
			const from = previous ? statusOf(previous) : null;
			const type: TimelineEntry['type'] =
				v.action === 'delete' ? 'deleted' : previous === null ? 'reported' : cs.revertOf !== null ? 'undo' : from !== to ? 'transition' : 'edit';
			entries.push({
				version: v.version,
				changesetId: v.changesetId,
				at: v.createdAt,
				author: v.author,
				type,
				from,
				to,
				note: typeof move?.note === 'string' ? move.note : null,
				reason: typeof move?.reason === 'string' ? move.reason : null,
				photos: type === 'reported' ? stringList(v.properties.photos) : Array.isArray(move?.photoIds) ? (move!.photoIds as string[]) : [],
				comment: cs.comment,
				reopenedByResident: type === 'transition' && move?.reopened === true
			});
			previous = v.properties;
		}
		return entries;
	}

	private async checkPhotos(ids: readonly string[], path: string): Promise<void> {
		if (ids.length > MAX_PHOTOS_PER_MOVE) throw new ServiceError('invalid', 'photo.too-many', `At most ${MAX_PHOTOS_PER_MOVE} photos per report or move.`, { path });
		const missing = await this.photos.missing(ids);
		if (missing.length > 0) {
			throw new ServiceError('invalid', 'photo.not-found', `Photo ${missing.join(', ')} was not uploaded; upload it with POST /api/photos first.`, { path, missing });
		}
	}

	private zoneAt(lon: number, lat: number): Promise<StoredFeature | null> {
		return storedZoneAt(this.features, lon, lat);
	}

	/** Open cases of `category` within the duplicate distance of `point`, nearest first. */
	async openCasesNear(point: Point, category: string): Promise<Duplicate[]> {
		const [lon, lat] = point.coordinates;
		const ruler = new CheapRuler(lat, 'meters');
		const [minX, minY, maxX, maxY] = ruler.bufferPoint([lon, lat], DUPLICATE_RADIUS_M);
		const near = (await this.features.query('hotspot', { bbox: [minX, minY, maxX, maxY], where: { category }, limit: 1000 })).features;
		return near
			.filter((f) => isOpenHotspot(f.properties) && f.geometry.type === 'Point')
			.map((f) => ({ f, d: ruler.distance([lon, lat], (f.geometry as Point).coordinates as [number, number]) }))
			.filter(({ d }) => d <= DUPLICATE_RADIUS_M)
			.sort((a, b) => a.d - b.d)
			.map(({ f, d }) => ({
				id: f.id,
				distanceM: Math.round(d * 10) / 10,
				status: statusOf(f.properties),
				reportedAt: typeof f.properties.reportedAt === 'string' ? f.properties.reportedAt : null,
				description: typeof f.properties.description === 'string' ? f.properties.description : null
			}));
	}
}

const stringList = (v: unknown): string[] => (Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : []);
