/**
 * The work cycle over the stored inspections: recording one (record.ts), reading them, the ranking
 * board of a period, the zones due for their inspection, and each shop's frontage (门前三包) result.
 * Periods are cut in the project's time zone; a query date (YYYY-MM-DD) is a day there.
 */
import type { LineString, MultiLineString } from 'geojson';
import type {
	DueAnswer,
	FrontageAnswer,
	InspectionDetail,
	InspectionRecorded,
	InspectionSummary,
	InspectionTarget,
	LocalText,
	PatrolShare,
	RankingAnswer,
	RankingPeriod
} from '../../../domain/api-types';
import { INSPECTION_TARGETS, RANKING_PERIODS } from '../../../domain/api-types';
import { COLLECTION } from '../../../domain/kinds';
import { dueState } from '../../../domain/inspections/due';
import { INSPECTION_KIND } from '../../../domain/inspections/kind';
import { rankZones, type RankCase, type RankInspection, type RankedZone } from '../../../domain/inspections/ranking';
import { levelOf, parentIdOf } from '../../../domain/inspections/zone-tree';
import { addDays, dayStart, instantText, isIsoDate, localDate, parseInstant } from '../../../domain/time/instants';
import { periodContaining } from '../../../domain/time/periods';
import { ServiceError } from '../service-error';
import type { FeatureReads, StoredFeature } from '../../store/types';
import type { EditService, WriteContext } from '../edits/edit-service';
import { nameOf, prepareInspection, recordedAnswer, zoneLookup, zonePatrol, type PreparedInspection } from './record';
import type { InspectionTemplateService } from './templates';

/** Inspections one list answers at most (newest first), and by default. */
export const MAX_LIST_LIMIT = 5000;
export const DEFAULT_LIST_LIMIT = 1000;

/** A shop passes its frontage check (门前三包) at this share of the points. */
export const FRONTAGE_PASS_PCT = 80;

export interface InspectionServiceDeps {
	features: FeatureReads;
	edits: EditService;
	templates: InspectionTemplateService;
	missingPhotos: (ids: string[]) => Promise<string[]>;
	clock: () => Date;
	timeZone: string;
}

const PERIOD_UNIT = { week: 'week', month: 'month', quarter: 'quarter' } as const;

export class InspectionService {
	constructor(private readonly deps: InspectionServiceDeps) {}

	get timeZone() {
		return this.deps.timeZone;
	}

	/** An inspection as the edit actions that store it (also a `record-inspection` edit of POST /api/edits). */
	prepare(body: unknown, ctx: Pick<WriteContext, 'author' | 'maxVertices'>): Promise<PreparedInspection> {
		const { features, templates, missingPhotos, clock, timeZone } = this.deps;
		return prepareInspection(body, { features, templates, missingPhotos, clock, timeZone, zoneAt: zoneLookup(features) }, ctx);
	}

	/** Stores a prepared inspection as one changeset (the zone check of field staff included). */
	async store(prepared: PreparedInspection, ctx: WriteContext): Promise<InspectionRecorded> {
		const applied = await this.deps.edits.perform(ctx, prepared.actions);
		return recordedAnswer(applied, prepared.ref);
	}

	async record(body: unknown, ctx: WriteContext): Promise<InspectionRecorded> {
		return this.store(await this.prepare(body, ctx), ctx);
	}


	private async inspections(): Promise<StoredFeature[]> {
		return (await this.deps.features.all(INSPECTION_KIND)).sort((a, b) => Date.parse(String(b.properties.inspectedAt)) - Date.parse(String(a.properties.inspectedAt)) || b.id - a.id);
	}

	private summary(f: StoredFeature): InspectionSummary {
		const p = f.properties;
		return {
			id: f.id,
			templateId: p.templateId as number,
			templateVersion: p.templateVersion as number,
			templateName: p.templateName as LocalText,
			target: { collection: p.targetCollection as InspectionTarget, id: p.targetId as number, name: (p.targetName as string | null) ?? null },
			inspectedAt: String(p.inspectedAt),
			inspector: String(p.inspector),
			points: p.points as number,
			maxPoints: p.maxPoints as number,
			scorePct: (p.scorePct as number | null) ?? null,
			findingCount: Array.isArray(p.findings) ? p.findings.length : 0,
			patrol: (p.patrol as PatrolShare | null) ?? null
		};
	}

	/** `target=<collection>:<id>` (optional), `from`, `to` (dates or instants, `to` exclusive), `limit`; newest first. */
	async list(params: URLSearchParams): Promise<InspectionSummary[]> {
		const rawTarget = params.get('target');
		let target: { collection: string; id: number } | null = null;
		if (rawTarget !== null) {
			const m = /^([a-z-]+):(\d+)$/.exec(rawTarget);
			if (!m || !INSPECTION_TARGETS.includes(m[1] as InspectionTarget)) {
				throw new ServiceError('invalid', 'inspection.target.invalid', `target must be <collection>:<id> with a collection of ${INSPECTION_TARGETS.join(', ')}, such as zones:12.`);
			}
			target = { collection: m[1], id: Number(m[2]) };
		}
		const bound = (name: 'from' | 'to') => {
			const raw = params.get(name);
			if (raw === null || raw === '') return null;
			const ms = parseInstant(raw, this.deps.timeZone);
			if (ms === null) throw new ServiceError('invalid', 'inspection.period-invalid', `${name} must be a date such as 2026-11-01 or an ISO 8601 instant.`);
			return ms;
		};
		const from = bound('from');
		const to = bound('to');
		const rawLimit = params.get('limit');
		const limit = rawLimit === null ? DEFAULT_LIST_LIMIT : Number(rawLimit);
		if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_LIST_LIMIT) throw new ServiceError('invalid', 'inspection.limit', `limit must be a whole number from 1 to ${MAX_LIST_LIMIT}.`);
		return (await this.inspections())
			.filter((f) => !target || (f.properties.targetCollection === target.collection && f.properties.targetId === target.id))
			.filter((f) => {
				const at = Date.parse(String(f.properties.inspectedAt));
				return (from === null || at >= from) && (to === null || at < to);
			})
			.slice(0, limit)
			.map((f) => this.summary(f));
	}

	async detail(id: number): Promise<InspectionDetail> {
		const f = await this.deps.features.get(INSPECTION_KIND, id);
		if (!f) throw new ServiceError('not-found', 'inspection.not-found', `There is no inspection ${id}.`);
		const p = f.properties;
		const template = await this.deps.templates.version(p.templateId as number, p.templateVersion as number);
		const cases = await this.casesOf([id]);
		const track = p.hasTrack ? (f.geometry as LineString | MultiLineString) : null;
		let patrolLines: InspectionDetail['patrolLines'] = null;
		const zone = track && p.targetCollection === COLLECTION.zone ? await this.deps.features.get('zone', p.targetId as number) : undefined;
		if (track && zone) {
			const share = await zonePatrol(this.deps.features, zone, track);
			patrolLines = { walked: { type: 'MultiLineString', coordinates: share.walked }, unwalked: { type: 'MultiLineString', coordinates: share.unwalked } };
		}
		return {
			...this.summary(f),
			scores: p.scores as Record<string, number>,
			items: template?.items ?? [],
			note: typeof p.note === 'string' ? p.note : null,
			track,
			patrolLines,
			findings: cases.map((c) => ({
				itemKey: String(c.properties.inspectionItem),
				hotspotId: c.id,
				status: typeof c.properties.status === 'string' ? c.properties.status : null,
				dueAt: typeof c.properties.dueAt === 'string' ? c.properties.dueAt : null
			}))
		};
	}

	private async casesOf(ids: number[] | null): Promise<StoredFeature[]> {
		const all = await this.deps.features.all('hotspot');
		const wanted = ids && new Set(ids);
		return all.filter((c) => typeof c.properties.inspectionId === 'number' && (!wanted || wanted.has(c.properties.inspectionId))).sort((a, b) => a.id - b.id);
	}

	/** A query's `at` (YYYY-MM-DD, a day in the project's zone; default today) as the instant its day starts. */
	private dayOf(params: URLSearchParams): number {
		const raw = params.get('at');
		if (raw === null || raw === '') return dayStart(localDate(this.deps.clock().getTime(), this.deps.timeZone), this.deps.timeZone)!;
		const ms = isIsoDate(raw) ? dayStart(raw, this.deps.timeZone) : null;
		if (ms === null) throw new ServiceError('invalid', 'inspection.at', `The day "at" must be a date such as 2026-11-15, not "${raw.slice(0, 40)}".`);
		return ms;
	}

	/** The start of the day after the one starting at `day`, in the project's zone (23 or 25 hours later across a clock change). */
	private nextDay(day: number): number {
		return dayStart(addDays(localDate(day, this.deps.timeZone), 1), this.deps.timeZone)!;
	}

	async zones(): Promise<(RankedZone & { feature: StoredFeature })[]> {
		return (await this.deps.features.all('zone')).map((z) => ({ id: z.id, name: nameOf(z), parentId: parentIdOf(z.properties), feature: z }));
	}

	/** `period=week|month|quarter&at=YYYY-MM-DD[&parent=<zoneId>]`. */
	async ranking(params: URLSearchParams): Promise<RankingAnswer> {
		const period = (params.get('period') ?? 'month') as RankingPeriod;
		if (!RANKING_PERIODS.includes(period)) throw new ServiceError('invalid', 'ranking.period', `period must be one of ${RANKING_PERIODS.join(', ')}.`);
		const at = this.dayOf(params);
		const zones = await this.zones();
		const rawParent = params.get('parent');
		let parent: number | null = null;
		if (rawParent !== null && rawParent !== '') {
			parent = Number(rawParent);
			if (!Number.isSafeInteger(parent) || !zones.some((z) => z.id === parent)) throw new ServiceError('not-found', 'zone.not-found', `There is no zone ${rawParent} to list the children of.`);
		}
		const tz = this.deps.timeZone;
		const current = periodContaining(at, PERIOD_UNIT[period], tz);
		const previous = periodContaining(at, PERIOD_UNIT[period], tz, -1);
		const stored = (await this.inspections()).filter((f) => f.properties.targetCollection === COLLECTION.zone);
		const inspections: RankInspection[] = stored.map((f) => ({ id: f.id, zoneId: f.properties.targetId as number, at: Date.parse(String(f.properties.inspectedAt)), scorePct: (f.properties.scorePct as number | null) ?? null }));
		const ms = (v: unknown) => (typeof v === 'string' && Number.isFinite(Date.parse(v)) ? Date.parse(v) : null);
		const cases: RankCase[] = (await this.casesOf(null)).map((c) => ({
			inspectionId: c.properties.inspectionId as number,
			status: typeof c.properties.status === 'string' ? c.properties.status : 'reported',
			dueAt: ms(c.properties.dueAt),
			resolvedAt: ms(c.properties.resolvedAt)
		}));
		const ranked = rankZones({ zones, listed: levelOf(zones, parent), inspections, cases, period: current, previous });
		return {
			period,
			from: instantText(current.from, tz),
			to: instantText(current.to, tz),
			timeZone: tz,
			previous: { from: instantText(previous.from, tz), to: instantText(previous.to, tz) },
			...ranked
		};
	}

	/**
	 * The ranking for a report's period [from, to): of the week, month or quarter that the period
	 * is as long as (a custom period gets the month it starts in), at the period's first day.
	 */
	async rankingForPeriod(from: number, to: number): Promise<RankingAnswer> {
		const tz = this.deps.timeZone;
		const fits = (unit: 'week' | 'month' | 'quarter') => {
			const p = periodContaining(from, unit, tz);
			return p.from === from && p.to === to;
		};
		const period = fits('week') ? 'week' : fits('quarter') ? 'quarter' : 'month';
		return this.ranking(new URLSearchParams({ period, at: localDate(from, tz) }));
	}

	/** `at=YYYY-MM-DD`: each zone against each zone template's cadence, as at the end of that day. `only`: these zones. */
	async due(params: URLSearchParams, only: number[] | null): Promise<DueAnswer> {
		const endOfDay = this.nextDay(this.dayOf(params)) - 1;
		const tz = this.deps.timeZone;
		const zones = (await this.zones()).filter((z) => !only || only.includes(z.id));
		const inspections = (await this.inspections()).filter((f) => f.properties.targetCollection === COLLECTION.zone);
		const rows: DueAnswer['zones'] = [];
		for (const t of (await this.deps.templates.list()).filter((t) => t.target === COLLECTION.zone)) {
			for (const z of zones) {
				const last = inspections.find((f) => f.properties.templateId === t.id && f.properties.targetId === z.id && Date.parse(String(f.properties.inspectedAt)) <= endOfDay);
				const lastMs = last ? Date.parse(String(last.properties.inspectedAt)) : null;
				const { state, dueBy } = dueState(t.cadence, lastMs, endOfDay, tz);
				rows.push({ zoneId: z.id, name: z.name, templateId: t.id, templateName: t.name, cadence: t.cadence, lastInspectedAt: last ? String(last.properties.inspectedAt) : null, dueBy: instantText(dueBy, tz), state });
			}
		}
		const order = { overdue: 0, due: 1, ok: 2 };
		rows.sort((a, b) => order[a.state] - order[b.state] || Date.parse(a.dueBy) - Date.parse(b.dueBy) || (a.name ?? '').localeCompare(b.name ?? ''));
		return { timeZone: tz, zones: rows };
	}

	/** `at=YYYY-MM-DD`: each shop's latest frontage result up to that day, and its fails in that day's quarter. */
	async frontage(params: URLSearchParams): Promise<FrontageAnswer> {
		const tz = this.deps.timeZone;
		const day = this.dayOf(params);
		const end = this.nextDay(day);
		const quarter = periodContaining(day, 'quarter', tz);
		const shops = await this.deps.features.all('shop');
		const checks = (await this.inspections()).filter((f) => f.properties.targetCollection === COLLECTION.shop && Date.parse(String(f.properties.inspectedAt)) < end);
		const passed = (f: StoredFeature) => typeof f.properties.scorePct === 'number' && f.properties.scorePct >= FRONTAGE_PASS_PCT;
		const rows: FrontageAnswer['shops'] = shops
			.sort((a, b) => a.id - b.id)
			.map((s) => {
				const mine = checks.filter((f) => f.properties.targetId === s.id);
				const latest = mine[0];
				const fails = mine.filter((f) => Date.parse(String(f.properties.inspectedAt)) >= quarter.from && !passed(f)).length;
				return {
					shopId: s.id,
					name: nameOf(s),
					signed: typeof s.properties.frontageContract === 'string' && s.properties.frontageContract !== '',
					latest: latest
						? { inspectionId: latest.id, inspectedAt: String(latest.properties.inspectedAt), scorePct: (latest.properties.scorePct as number | null) ?? null, passed: passed(latest) }
						: null,
					failsThisQuarter: fails
				};
			});
		return {
			from: instantText(quarter.from, tz),
			to: instantText(quarter.to, tz),
			timeZone: tz,
			shops: rows,
			failedTwice: rows.filter((r) => r.signed && r.failsThisQuarter >= 2).map((r) => r.shopId)
		};
	}
}

