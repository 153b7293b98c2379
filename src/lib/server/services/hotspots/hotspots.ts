/**
 * Hotspot cases: reporting one (zone, responsible person, deadline, duplicate warning), moving it
 * through its lifecycle (one changeset per move), reading its timeline, and the per-zone figures
 * managers rank zones by. The lifecycle rules themselves are data in domain/hotspot-lifecycle.
 */
import CheapRuler from 'cheap-ruler';
import type { Feature, Geometry, Point } from 'geojson';
import { kindDef, type KindDef } from '../../../domain/kinds';
import { validateFeature } from '../../../domain/validate-feature';
import { isHotspotStatus, LIFECYCLE_FIELDS, MAX_PHOTOS_PER_MOVE, statusOf } from '../../../domain/hotspot-lifecycle';
import type { EditAction } from '../../../domain/edits/action';
import { actionMoveCase } from '../../../domain/edits/actions/move-case';
import { actionReportCase } from '../../../domain/edits/actions/report-case';
import { buildZoneIndex, OUTSIDE_ALL_ZONES } from '../../../geo/zone-index';
import { zoneGeometries, assignPointsToZones } from '../../../analysis/zone-assign';
import { aggregateHotspotsByZone } from '../../../analysis/zone-aggregate';
import { isOpenHotspot } from '../../../analysis/zone-hotspot-measures';
import { countFeaturesByTimeBucket, isInRange, type InstantRange } from '../../../analysis/time-buckets';
import { parseInstant } from '../../../domain/time/instants';
import { ApiError } from '../../http/api-error';
import type { AppliedChangeset, ChangesetStore, FeatureReads, StoredFeature } from '../../store/types';
import type { EditService, WriteContext } from '../edits/edit-service';
import { invalidFeature } from '../features/feature-service';
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
	/** The project's time zone: weekly trends are cut in it. */
	timeZone: string;
}

export class HotspotService {
	private readonly clock: () => Date;
	readonly timeZone: string;
	private analysisCache: { key: number; hotspots: Feature<Geometry>[]; zones: Feature<Geometry>[] } | null = null;

	constructor(
		private readonly features: FeatureReads,
		private readonly changesets: ChangesetStore,
		private readonly edits: EditService,
		private readonly photos: PhotoService,
		options: HotspotServiceOptions
	) {
		this.clock = options.clock ?? (() => new Date());
		this.timeZone = options.timeZone;
	}

	async get(id: number): Promise<StoredFeature> {
		const f = await this.features.get('hotspot', id);
		if (!f) throw this.notFound(id);
		return f;
	}

	private notFound(id: number): ApiError {
		return new ApiError(404, 'feature.not-found', `There is no hotspot ${id}.`);
	}

	/** Reports a new case. Lifecycle fields are set here, never taken from the report. */
	async report(body: unknown, ctx: WriteContext): Promise<ReportResult> {
		const { action, duplicates, zone } = await this.reportAction(body, ctx);
		return { applied: await this.edits.perform(ctx, [action]), duplicates, zone };
	}

	/** A report as an edit action, with what the reporter is told beside it: open cases near it, and its zone. */
	async reportAction(body: unknown, ctx: Pick<WriteContext, 'maxVertices'>): Promise<{ action: EditAction; duplicates: Duplicate[]; zone: ReportResult['zone'] }> {
		if (isObject(body) && isObject(body.properties)) {
			const set = LIFECYCLE_FIELDS.filter((k) => k !== 'status' && (body.properties as Record<string, unknown>)[k] !== undefined);
			const status = (body.properties as Record<string, unknown>).status;
			if (set.length > 0 || (status !== undefined && status !== 'reported')) {
				throw new ApiError(400, 'hotspot.lifecycle-field', 'A new report starts as "reported"; status and resolution fields are set by moving the case (POST /api/hotspots/{id}/transition).', {
					fields: status !== undefined && status !== 'reported' ? ['status', ...set] : set
				});
			}
		}
		const result = validateFeature(HOTSPOT, body, 'create', { now: this.clock(), limits: { maxVertices: ctx.maxVertices } });
		if (!result.ok) throw invalidFeature(result.issues);
		const properties = result.value.properties;
		const point = result.value.geometry as Point;
		this.checkPhotos(Array.isArray(properties.photos) ? (properties.photos as string[]) : [], 'properties.photos');

		const zone = await this.zoneAt(point.coordinates[0], point.coordinates[1]);
		const duplicates = await this.openCasesNear(point, String(properties.category));
		const responsible = zone && typeof zone.properties.responsible === 'string' && zone.properties.responsible ? zone.properties.responsible : undefined;
		return {
			action: actionReportCase(point, properties, zone ? { id: zone.id, responsible } : null),
			duplicates,
			zone: zone ? { id: zone.id, name: typeof zone.properties.name === 'string' ? zone.properties.name : null } : null
		};
	}

	/** Moves a case; one changeset per move, its from → to, note and reason in the changeset's meta. */
	async transition(id: number, body: unknown, ctx: WriteContext): Promise<AppliedChangeset> {
		return this.edits.perform(ctx, [this.moveAction(id, body)]);
	}

	/** `{ to, version, note?, reason?, photoIds? }` as an edit action; the photos must have been uploaded. */
	moveAction(id: number, body: unknown): EditAction {
		if (!isObject(body)) throw new ApiError(400, 'transition.invalid', 'Send {"to": "<status>", "version": <n>} as JSON.');
		const version = body.version;
		if (version !== undefined && (typeof version !== 'number' || !Number.isSafeInteger(version))) throw new ApiError(400, 'version.invalid', '"version" must be a whole number.');
		for (const key of ['note', 'reason'] as const) {
			if (body[key] !== undefined && typeof body[key] !== 'string') throw new ApiError(400, 'transition.invalid', `"${key}" must be text.`);
		}
		const photoIds = body.photoIds ?? [];
		if (!Array.isArray(photoIds) || !photoIds.every((p) => typeof p === 'string')) {
			throw new ApiError(400, 'transition.invalid', '"photoIds" must be a list of photo ids from POST /api/photos.');
		}
		this.checkPhotos(photoIds, 'photoIds');
		const move = { to: String(body.to), note: body.note as string | undefined, reason: body.reason as string | undefined, photoIds };
		return actionMoveCase({ id, version: version as number | undefined }, move);
	}

	/** Every version of a case as a step of its story: who, when, from → to, note. */
	async timeline(id: number): Promise<TimelineEntry[]> {
		const history = await this.changesets.history(id);
		if (history.length === 0 || history[0].kind !== 'hotspot') throw new ApiError(404, 'feature.not-found', `There is no hotspot ${id}.`);
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
				comment: cs.comment
			});
			previous = v.properties;
		}
		return entries;
	}

	/** Per-zone figures for a period, as the `zones` CLI command prints them, plus optional weekly trend. */
	async zoneFigures(query: ZoneFiguresQuery) {
		const { hotspots, zones } = await this.analysisInput();
		const selected = hotspots.filter(
			(h) =>
				(!query.categories || query.categories.includes(String(h.properties?.category))) &&
				(!query.statuses || query.statuses.includes(statusOf(h.properties ?? {})))
		);
		const now = query.now ?? this.clock().getTime();
		const range: InstantRange = { from: query.from, to: query.to };
		const timeZone = this.timeZone;
		const result = aggregateHotspotsByZone(selected, zones, { now, range, timeZone });
		const figures = result.zones.map((z) => ({
			id: z.id,
			name: z.name,
			count: z.count,
			perKm2: significant(z.perKm2),
			areaKm2: significant(z.areaKm2),
			per1000Residents: significant(z.per1000Residents),
			open: z.open,
			overdue: z.overdue,
			resolvedOnTimePct: round(z.resolvedOnTimePct, 1),
			medianDaysToResolve: round(z.medianDaysToResolve, 2)
		}));
		const answer: ZoneFiguresAnswer = { zones: figures, outside: result.outside, excludedByDate: result.excludedByDate, unlocated: result.unlocated, timeZone };
		if (query.trend) {
			// Weekly counts per zone over the same range (weeks of the project's zone), for the ranking's trend lines.
			const inRange = selected.filter((h) => {
				const ms = parseInstant(h.properties?.reportedAt, timeZone);
				return ms !== null && isInRange(ms, range);
			});
			const assignment = assignPointsToZones(inRange, zones);
			const byZone: Feature<Geometry>[][] = zones.map(() => []);
			assignment.zoneOfPoint.forEach((z, i) => z !== OUTSIDE_ALL_ZONES && byZone[z].push(inRange[i]));
			const weeks = countFeaturesByTimeBucket(inRange, 'week', range, timeZone);
			answer.weeks = weeks.map((w) => ({ start: w.start, end: w.end }));
			answer.trend = Object.fromEntries(
				zones.map((zone, i) => [String(zone.id), weeks.length ? countFeaturesByTimeBucket(byZone[i], 'week', { from: Date.parse(weeks[0].start), to: Date.parse(weeks.at(-1)!.end) }, timeZone).map((b) => b.count) : []])
			);
		}
		return answer;
	}

	private async analysisInput() {
		// Reparsing every hotspot per request is the cost at 10⁵ cases; the data only changes with
		// a new changeset, so the parsed layers are kept until one is written.
		const key = await this.changesets.latestId();
		if (this.analysisCache?.key !== key) {
			const toFeature = (f: StoredFeature): Feature<Geometry> => ({ type: 'Feature', id: f.id, geometry: f.geometry, properties: f.properties });
			const [hotspots, zones] = await Promise.all([this.features.all('hotspot'), this.features.all('zone')]);
			this.analysisCache = { key, hotspots: hotspots.map(toFeature), zones: zones.map(toFeature) };
		}
		return this.analysisCache;
	}

	private checkPhotos(ids: readonly string[], path: string): void {
		if (ids.length > MAX_PHOTOS_PER_MOVE) throw new ApiError(400, 'photo.too-many', `At most ${MAX_PHOTOS_PER_MOVE} photos per report or move.`, { path });
		const missing = this.photos.missing(ids);
		if (missing.length > 0) {
			throw new ApiError(400, 'photo.not-found', `Photo ${missing.join(', ')} was not uploaded; upload it with POST /api/photos first.`, { path, missing });
		}
	}

	private async zoneAt(lon: number, lat: number): Promise<StoredFeature | null> {
		const zones = await this.features.all('zone');
		const index = buildZoneIndex(zoneGeometries(zones.map((z) => ({ type: 'Feature', geometry: z.geometry, properties: z.properties }))));
		const i = index.zoneAt(lon, lat);
		return i === OUTSIDE_ALL_ZONES ? null : zones[i];
	}

	private async openCasesNear(point: Point, category: string): Promise<Duplicate[]> {
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

export interface ZoneFiguresQuery {
	from?: number;
	to?: number;
	now?: number;
	categories?: string[];
	statuses?: string[];
	trend?: boolean;
}

export interface ZoneFiguresAnswer {
	zones: {
		id: string | number;
		name: string | null;
		count: number;
		perKm2: number | null;
		areaKm2: number | null;
		per1000Residents: number | null;
		open: number;
		overdue: number;
		resolvedOnTimePct: number | null;
		medianDaysToResolve: number | null;
	}[];
	outside: number;
	excludedByDate: number;
	unlocated: number;
	/** The zone the weeks and the query's dates were cut in. */
	timeZone: string;
	weeks?: { start: string; end: string }[];
	trend?: Record<string, number[]>;
}

/** Same rounding as the `zones` CLI command, so the API and the CLI print the same figures. */
const round = (x: number | null, digits = 3) => (x === null ? null : Math.round(x * 10 ** digits) / 10 ** digits);
const significant = (x: number | null) => (x === null ? null : Number(x.toPrecision(6)));

const stringList = (v: unknown): string[] => (Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : []);

/**
 * Parses the query of GET /api/analysis/zones; anything not understood is a 400 naming it. A date
 * without a time (from=2026-11-01) is the start of that day in `timeZone`, the project's.
 */
export function parseZoneFiguresQuery(params: URLSearchParams, timeZone: string): ZoneFiguresQuery & { measure: string | null } {
	const kind = params.get('kind') ?? 'hotspots';
	if (kind !== 'hotspots') throw new ApiError(400, 'query.kind', `Zone figures are computed for kind=hotspots only, not "${kind}".`);
	const instant = (name: string) => {
		const raw = params.get(name);
		if (raw === null || raw === '') return undefined;
		const ms = parseInstant(raw, timeZone);
		if (ms === null) throw new ApiError(400, `query.${name}`, `${name} must be an ISO 8601 date or instant (2026-11-01 or 2026-11-01T00:00:00Z), got "${raw}".`);
		return ms;
	};
	const from = instant('from');
	const to = instant('to');
	if (from !== undefined && to !== undefined && from >= to) throw new ApiError(400, 'query.range', 'from must be before to (from is inclusive, to exclusive).');
	const list = (name: string, allowed: readonly string[]) => {
		const raw = params.get(name);
		if (!raw) return undefined;
		const values = raw.split(',').map((s) => s.trim()).filter(Boolean);
		const bad = values.filter((v) => !allowed.includes(v));
		if (bad.length) throw new ApiError(400, `query.${name}`, `Unknown ${name} ${bad.join(', ')}; use: ${allowed.join(', ')}.`);
		return values;
	};
	const categories = list('category', HOTSPOT.fields.find((f) => f.key === 'category')!.options!.map((o) => o.value));
	const statuses = list('status', HOTSPOT.fields.find((f) => f.key === 'status')!.options!.map((o) => o.value));
	const measure = params.get('measure');
	if (measure !== null && !ZONE_MEASURES.includes(measure as ZoneMeasure)) {
		throw new ApiError(400, 'query.measure', `measure must be one of: ${ZONE_MEASURES.join(', ')}.`);
	}
	return { from, to, now: instant('now'), categories, statuses: statuses?.filter(isHotspotStatus), trend: params.get('trend') === 'week', measure };
}

export const ZONE_MEASURES = ['count', 'perKm2', 'per1000Residents', 'open', 'overdue', 'resolvedOnTimePct', 'medianDaysToResolve'] as const;
export type ZoneMeasure = (typeof ZONE_MEASURES)[number];
