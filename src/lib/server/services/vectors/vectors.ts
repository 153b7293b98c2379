/**
 * 除四害 records through the one edit path: a survey or an activity of a zone becomes a feature of
 * kind `vectorSurvey` / `vectorActivity` at the zone's point (or where it was recorded), validated
 * by its kind (counts, dates, positives above inspected: domain/vector-records.ts) and stored as one
 * changeset, undoable, with its history. POST /api/vector-surveys and the field outbox's
 * `vector-survey` edits both come here, so both apply the same checks.
 */
import type { Feature, Point } from 'geojson';
import { kindDef, type KindDef } from '../../../domain/kinds';
import type { EditAction } from '../../../domain/edits/action';
import { ALL_COUNT_FIELDS, ACTIVITY_KINDS, SURVEY_KINDS, recordProperties } from '../../../domain/vector-records';
import type { VectorActivityRecord, VectorSurveyRecord } from '../../../domain/api-types';
import { surveyIndices, surveyJudgement } from '../../../analysis/vector-indices';
import { pointOnFeature } from '@turf/turf';
import { isIsoDate } from '../../../domain/time/instants';
import type { Rules } from '../../../domain/rules';
import { ServiceError } from '../service-error';
import type { FeatureReads, StoredFeature } from '../../store/types';
import type { EditService, WriteContext } from '../edits/edit-service';
import type { FeatureService } from '../features/feature-service';

const SURVEY: KindDef = kindDef('vectorSurvey')!;
const ACTIVITY: KindDef = kindDef('vectorActivity')!;

const SURVEY_MEMBERS = new Set(['zoneId', 'kind', 'surveyedAt', 'surveyor', 'hotspotIds', 'description', 'geometry', ...ALL_COUNT_FIELDS]);
const ACTIVITY_MEMBERS = new Set(['zoneId', 'kind', 'activityAt', 'amountKg', 'areaM2', 'count', 'product', 'performedBy', 'description', 'geometry']);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The list filters of GET /api/vector-surveys and /api/vector-activities. */
export interface VectorListQuery {
	zone?: number;
	from?: string;
	to?: string;
	kind?: string;
}

export function parseListQuery(params: URLSearchParams, kinds: readonly string[]): VectorListQuery {
	const q: VectorListQuery = {};
	const zone = params.get('zone');
	if (zone !== null) {
		if (!/^\d{1,15}$/.test(zone)) throw new ServiceError('invalid', 'query.zone', `zone must be a zone id (a whole number), not "${zone.slice(0, 40)}".`);
		q.zone = Number(zone);
	}
	for (const key of ['from', 'to'] as const) {
		const v = params.get(key);
		if (v === null) continue;
		if (!isIsoDate(v)) throw new ServiceError('invalid', `query.${key}`, `${key} must be a date such as 2026-11-01 (a day of the project's time zone; to is exclusive).`);
		q[key] = v;
	}
	const kind = params.get('kind');
	if (kind !== null) {
		if (!kinds.includes(kind)) throw new ServiceError('invalid', 'query.kind', `kind must be one of ${kinds.join(', ')}.`);
		q.kind = kind;
	}
	return q;
}

export class VectorService {
	constructor(
		private readonly features: FeatureReads,
		private readonly featureService: FeatureService,
		private readonly edits: EditService,
		private readonly rules: () => Promise<Rules>
	) {}

	/** A survey as an edit action; the zone must exist, and each linked hotspot case. */
	surveyAction(body: unknown, ctx: Pick<WriteContext, 'maxVertices'>): Promise<EditAction> {
		return inBodyTerms(SURVEY, () => this.buildSurvey(body, ctx));
	}

	activityAction(body: unknown, ctx: Pick<WriteContext, 'maxVertices'>): Promise<EditAction> {
		return inBodyTerms(ACTIVITY, () => this.buildActivity(body, ctx));
	}

	private async buildSurvey(body: unknown, ctx: Pick<WriteContext, 'maxVertices'>): Promise<EditAction> {
		const b = this.checkBody(body, SURVEY_MEMBERS, 'surveyedAt', SURVEY_KINDS);
		const properties = recordProperties('vector-survey', b);
		if (Array.isArray(b.hotspotIds)) await this.checkHotspots(b.hotspotIds);
		return this.featureService.createAction(SURVEY, await this.placed(b, properties), ctx);
	}

	private async buildActivity(body: unknown, ctx: Pick<WriteContext, 'maxVertices'>): Promise<EditAction> {
		const b = this.checkBody(body, ACTIVITY_MEMBERS, 'activityAt', ACTIVITY_KINDS);
		const properties = recordProperties('vector-activity', b);
		return this.featureService.createAction(ACTIVITY, await this.placed(b, properties), ctx);
	}

	async recordSurvey(body: unknown, ctx: WriteContext): Promise<{ record: VectorSurveyRecord; changesetId: number }> {
		const action = await this.surveyAction(body, ctx);
		const applied = await this.edits.perform(ctx, [action], { comment: 'Vector survey recorded' });
		return { record: this.surveyRecord(applied.results[0], (await this.rules()).vectorLevels), changesetId: applied.changeset.id };
	}

	async recordActivity(body: unknown, ctx: WriteContext): Promise<{ record: VectorActivityRecord; changesetId: number }> {
		const action = await this.activityAction(body, ctx);
		const applied = await this.edits.perform(ctx, [action], { comment: 'Vector activity recorded' });
		return { record: activityRecord(applied.results[0]), changesetId: applied.changeset.id };
	}

	async listSurveys(q: VectorListQuery): Promise<VectorSurveyRecord[]> {
		const surveys = await this.filtered('vectorSurvey', 'surveyKind', 'surveyedAt', q);
		const { vectorLevels } = await this.rules();
		return surveys.map((f) => this.surveyRecord(f, vectorLevels));
	}

	async listActivities(q: VectorListQuery): Promise<VectorActivityRecord[]> {
		return (await this.filtered('vectorActivity', 'activityKind', 'activityAt', q)).map(activityRecord);
	}

	surveyRecord(f: StoredFeature, levels: Rules['vectorLevels']): VectorSurveyRecord {
		const p = f.properties;
		const counts = Object.fromEntries(ALL_COUNT_FIELDS.filter((k) => typeof p[k] === 'number').map((k) => [k, p[k] as number]));
		return {
			id: f.id,
			version: f.version,
			zoneId: Number(p.zoneId),
			kind: p.surveyKind as VectorSurveyRecord['kind'],
			surveyedAt: String(p.surveyedAt),
			...counts,
			surveyor: typeof p.surveyor === 'string' ? p.surveyor : null,
			hotspotIds: Array.isArray(p.hotspotIds) ? (p.hotspotIds as string[]) : [],
			description: typeof p.description === 'string' ? p.description : null,
			indices: surveyIndices(p),
			...surveyJudgement(p, levels),
			updatedAt: f.updatedAt,
			updatedBy: f.updatedBy
		};
	}

	private async filtered(kind: string, kindKey: string, dateKey: string, q: VectorListQuery): Promise<StoredFeature[]> {
		const all = await this.features.all(kind);
		return all
			.filter((f) => {
				const p = f.properties;
				const day = String(p[dateKey] ?? '');
				return (
					(q.zone === undefined || String(p.zoneId) === String(q.zone)) &&
					(q.kind === undefined || p[kindKey] === q.kind) &&
					(q.from === undefined || day >= q.from) &&
					(q.to === undefined || day < q.to)
				);
			})
			.sort((a, b) => String(b.properties[dateKey]).localeCompare(String(a.properties[dateKey])) || b.id - a.id);
	}

	/** The members of a record body, each known; `kind` one of `kinds`. Field types are checked by the kind. */
	private checkBody(body: unknown, members: Set<string>, dateKey: string, kinds: readonly string[]): Record<string, unknown> {
		if (!isObject(body)) throw new ServiceError('invalid', 'vector.not-object', `Send the record as a JSON object: {"zoneId": 1, "kind": "${kinds[0]}", "${dateKey}": "2026-11-20", …}.`);
		const unknown = Object.keys(body).filter((k) => !members.has(k));
		if (unknown.length > 0) {
			throw invalid([{ code: 'vector.unknown-member', message: `"${unknown[0]}" is not a member of this record (known: ${[...members].join(', ')}).`, messageZh: `未知字段“${unknown[0]}”。`, path: unknown[0] }]);
		}
		if (typeof body.kind !== 'string' || !kinds.includes(body.kind)) {
			throw invalid([{ code: 'vector.kind', message: `kind must be one of ${kinds.join(', ')}.`, messageZh: `kind 应为 ${kinds.join('、')} 之一。`, path: 'kind' }]);
		}
		return body;
	}

	/** The record as a feature at its zone's point (or the point it was recorded at). */
	private async placed(b: Record<string, unknown>, properties: Record<string, unknown>): Promise<Feature> {
		const raw = b.zoneId;
		const id = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d{1,15}$/.test(raw) ? Number(raw) : NaN;
		if (!Number.isSafeInteger(id) || id <= 0) {
			throw invalid([{ code: 'vector.zone', message: 'zoneId must be the id of a zone.', messageZh: '请选择片区（zoneId）。', path: 'zoneId' }]);
		}
		const zone = await this.features.get('zone', id);
		if (!zone) throw invalid([{ code: 'vector.zone-unknown', message: `There is no zone ${id}.`, messageZh: `片区 ${id} 不存在。`, path: 'zoneId' }]);
		// A point inside the zone (Turf's pointOnFeature: inside even for a concave zone).
		const at: Point = (b.geometry as Point | undefined) ?? pointOnFeature({ type: 'Feature', geometry: zone.geometry, properties: {} }).geometry;
		return { type: 'Feature', geometry: at, properties: { ...properties, zoneId: String(id) } };
	}

	private async checkHotspots(ids: unknown[]): Promise<void> {
		for (const id of ids) {
			const n = Number(id);
			if (typeof id !== 'string' || !Number.isSafeInteger(n) || !(await this.features.get('hotspot', n))) {
				throw invalid([{ code: 'vector.hotspot-unknown', message: `hotspotIds: there is no hotspot case ${String(id).slice(0, 20)}.`, messageZh: `关联问题点 ${String(id).slice(0, 20)} 不存在。`, path: 'hotspotIds' }]);
			}
		}
	}
}

function activityRecord(f: StoredFeature): VectorActivityRecord {
	const p = f.properties;
	const num = (k: string) => (typeof p[k] === 'number' ? (p[k] as number) : null);
	const text = (k: string) => (typeof p[k] === 'string' ? (p[k] as string) : null);
	return {
		id: f.id,
		version: f.version,
		zoneId: Number(p.zoneId),
		kind: p.activityKind as VectorActivityRecord['kind'],
		activityAt: String(p.activityAt),
		amountKg: num('amountKg'),
		areaM2: num('areaM2'),
		count: num('count'),
		product: text('product'),
		performedBy: text('performedBy'),
		description: text('description'),
		updatedAt: f.updatedAt,
		updatedBy: f.updatedBy
	};
}

const FIELD_MESSAGES_ZH: Record<string, (label: string, f: { min?: number; max?: number; unit?: string }) => string> = {
	'field.range': (l, f) => `${l}应在 ${f.min ?? '−∞'} 至 ${f.max ?? '∞'}${f.unit ? ' ' + f.unit : ''} 之间（不能为负数）。`,
	'field.type': (l) => `${l}的格式不对（应为整数或数字）。`,
	'field.required': (l) => `请填写${l}。`,
	'field.format': (l) => `${l}应为日期，如 2026-05-31。`,
	'field.enum': (l) => `${l}的取值不在可选范围内。`,
	'field.too-long': (l) => `${l}太长。`
};

/**
 * The kind's issues in the terms of the record body: `properties.householdsPositive` is
 * `householdsPositive` there, `surveyKind` is `kind`; every issue gets its Chinese message.
 */
async function inBodyTerms<T>(def: KindDef, build: () => Promise<T>): Promise<T> {
	try {
		return await build();
	} catch (e) {
		if (!(e instanceof ServiceError) || e.code !== 'feature.invalid') throw e;
		const issues = ((e.details as { issues?: { code: string; message: string; path: string; messageZh?: string }[] })?.issues ?? []).map((i) => {
			const key = i.path.replace(/^properties\./, '');
			const field = def.fields.find((f) => f.key === key);
			const messageZh = i.messageZh ?? (field && FIELD_MESSAGES_ZH[i.code]?.(field.label.zh, field)) ?? i.message;
			return { ...i, path: key === 'surveyKind' || key === 'activityKind' ? 'kind' : key, messageZh };
		});
		throw new ServiceError('invalid', 'feature.invalid', e.message, { issues });
	}
}

function invalid(issues: { code: string; message: string; messageZh: string; path: string }[]): ServiceError {
	return new ServiceError('invalid', 'feature.invalid', issues.map((i) => i.message).join(' '), { issues });
}
