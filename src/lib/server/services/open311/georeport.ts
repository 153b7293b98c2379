/**
 * Open311 GeoReport v2 (https://wiki.open311.org/GeoReport_v2/) over the hotspot cases: services
 * are the hotspot categories, a service request is a case. Answers are plain objects in the
 * spec's element names, written as JSON or as the spec's XML (xml.ts); dates carry the offset of
 * the project's time zone. Public answers never carry a reporter's contact, and a case marked as
 * spam is deleted, so it is in none of them.
 */
import type { Point } from 'geojson';
import { kindDef, type FieldDef } from '../../../domain/kinds';
import { questionsFor } from '../../../domain/report-questions';
import { statusOf } from '../../../domain/hotspot-lifecycle';
import { instantText, parseInstant } from '../../../domain/time/instants';
import { ServiceError } from '../service-error';
import type { FeatureReads, StoredFeature } from '../../store/types';
import type { HotspotService } from '../hotspots/hotspots';
import type { Open311Key, Open311KeyService } from './keys';
import type { PublicReportService } from './public-reports';

export type Locale = 'zh' | 'en';
export type Format = 'json' | 'xml';

const HOTSPOT = kindDef('hotspot')!;
const field = (key: string): FieldDef => HOTSPOT.fields.find((f) => f.key === key)!;
const CATEGORY = field('category');

/** The 90 days and 1,000 requests a GET of requests answers at most (the spec's defaults). */
export const MAX_SPAN_DAYS = 90;
export const MAX_REQUESTS = 1000;
const DAY_MS = 86_400_000;

/** A w3 date and time, whole seconds, with the offset of the project's zone (2026-11-20T10:00:01+08:00). */
const w3 = (ms: number, timeZone: string) => instantText(Math.floor(ms / 1000) * 1000, timeZone);

const CLOSED = new Set(['verified', 'rejected']);
/** `open` while reported, assigned or resolved; `closed` once verified or rejected. */
export const open311Status = (properties: Record<string, unknown>): 'open' | 'closed' => (CLOSED.has(statusOf(properties)) ? 'closed' : 'open');

/** zh unless the caller asks for English by `locale` or Accept-Language. */

export interface Open311Service {
	service_code: string;
	service_name: string;
	description: string;
	metadata: boolean;
	type: 'realtime';
	keywords: string;
	group: string;
}

export interface Open311Request {
	service_request_id: string;
	status: 'open' | 'closed';
	status_notes: string | null;
	service_name: string | null;
	service_code: string;
	description: string | null;
	agency_responsible: string | null;
	service_notice: string | null;
	requested_datetime: string;
	updated_datetime: string | null;
	expected_datetime: string | null;
	address: string | null;
	address_id: string | null;
	zipcode: string | null;
	lat: number | null;
	long: number | null;
	media_url: string | null;
}

const DESCRIPTIONS: Record<Locale, string> = { zh: '卫生问题上报：', en: 'Sanitation problem: ' };
const DATATYPE_DESCRIPTIONS: Record<Locale, string> = { zh: '从 values 中选一个 key', en: 'One key of the values' };
/** The status note of a case a resident reopened (their answer carries no text of its own). */
const REOPENED_NOTES: Record<Locale, string> = { zh: '群众回访未解决，已重新派单整改', en: 'Reopened: a resident says it is not fixed; assigned again' };

/** `attribute[code]=key` fields of a POST as `{ code: key }`. */
function attributesOf(form: URLSearchParams): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [name, value] of form) {
		const m = /^attribute\[(.*)\]$/.exec(name);
		if (m) out[m[1]] = value;
	}
	return out;
}

export class GeoReportService {
	constructor(
		private readonly features: FeatureReads,
		private readonly hotspots: HotspotService,
		private readonly keys: Open311KeyService,
		private readonly publicReports: PublicReportService,
		private readonly timeZone: string,
		private readonly clock: () => Date
	) {}

	discovery(origin: string) {
		return {
			changeset: w3(Date.parse('2026-12-01T00:00:00Z'), this.timeZone),
			contact: 'The administrator of this sanimap site',
			key_service: `An administrator issues keys at ${origin}/admin`,
			endpoints: [
				{
					specification: 'http://wiki.open311.org/GeoReport_v2',
					url: `${origin}/open311/v2`,
					changeset: w3(Date.parse('2026-12-01T00:00:00Z'), this.timeZone),
					type: 'production',
					formats: ['text/xml', 'application/json']
				}
			]
		};
	}

	services(locale: Locale): Open311Service[] {
		return (CATEGORY.options ?? []).map((o) => ({
			service_code: o.value,
			service_name: o.label[locale],
			description: DESCRIPTIONS[locale] + o.label[locale],
			metadata: true,
			type: 'realtime',
			keywords: [o.label.zh, o.label.en].join(', '),
			group: locale === 'zh' ? '环境卫生' : 'sanitation'
		}));
	}

	/** The questions a report of the category may answer (domain/report-questions.ts), in the order they are asked. */
	definition(code: string, locale: Locale) {
		const questions = questionsFor(code);
		if (!questions) throw new ServiceError('not-found', 'open311.not-found', `service_code ${code} was not found.`);
		return {
			service_code: code,
			attributes: questions.map((q, i) => ({
				variable: true,
				code: q.code,
				datatype: 'singlevaluelist',
				required: q.required,
				datatype_description: DATATYPE_DESCRIPTIONS[locale],
				order: i + 1,
				description: q.label[locale],
				values: q.values.map((v) => ({ key: v.key, name: v.label[locale] }))
			}))
		};
	}

	private serviceName(code: unknown, locale: Locale): string | null {
		return (CATEGORY.options ?? []).find((o) => o.value === code)?.label[locale] ?? null;
	}

	/** A case as a service request; `zones` gives the responsible name each zone publishes. */
	private async toRequest(f: StoredFeature, locale: Locale, origin: string, zones: Map<string, StoredFeature>): Promise<Open311Request> {
		const p = f.properties;
		const [lon, lat] = (f.geometry as Point).coordinates;
		const zone = typeof p.zoneId === 'string' ? zones.get(p.zoneId) : undefined;
		const responsible = zone ? zone.properties.responsible : p.responsible;
		const photos = Array.isArray(p.photos) ? p.photos : [];
		const requested = typeof p.reportedAt === 'string' ? Date.parse(p.reportedAt) : Date.parse(f.createdAt);
		return {
			service_request_id: String(f.id),
			status: open311Status(p),
			status_notes: await this.statusNotes(f.id, locale),
			service_name: this.serviceName(p.category, locale),
			service_code: String(p.category ?? ''),
			description: typeof p.description === 'string' ? p.description : null,
			agency_responsible: typeof responsible === 'string' && responsible ? responsible : null,
			service_notice: null,
			requested_datetime: w3(requested, this.timeZone),
			updated_datetime: w3(Date.parse(f.updatedAt), this.timeZone),
			expected_datetime: typeof p.dueAt === 'string' && open311Status(p) === 'open' ? w3(Date.parse(p.dueAt), this.timeZone) : null,
			address: zone && typeof zone.properties.name === 'string' ? zone.properties.name : null,
			address_id: null,
			zipcode: null,
			lat,
			long: lon,
			media_url: typeof photos[0] === 'string' ? `${origin}/api/photos/${photos[0]}` : null
		};
	}

	/** What the case's timeline last said about a move: the newest note or reason (or that a resident reopened it), else null. */
	private async statusNotes(id: number, locale: Locale): Promise<string | null> {
		const timeline = await this.hotspots.timeline(id);
		for (let i = timeline.length - 1; i >= 0; i--) {
			const t = timeline[i];
			if (t.type !== 'transition') continue;
			if (t.reopenedByResident) return REOPENED_NOTES[locale];
			if (t.note || t.reason) return t.note ?? t.reason;
		}
		return null;
	}

	private async zoneMap(): Promise<Map<string, StoredFeature>> {
		return new Map((await this.features.all('zone')).map((z) => [String(z.id), z]));
	}

	async request(idText: string, locale: Locale, origin: string): Promise<Open311Request[]> {
		const f = /^\d{1,15}$/.test(idText) ? await this.features.get('hotspot', Number(idText)) : undefined;
		if (!f) throw new ServiceError('not-found', 'open311.not-found', `service_request_id ${idText} was not found.`);
		return [await this.toRequest(f, locale, origin, await this.zoneMap())];
	}

	/** GET requests with the spec's filters; by default the last 90 days, at most 1,000, newest first. */
	async requests(params: URLSearchParams, locale: Locale, origin: string): Promise<Open311Request[]> {
		const zones = await this.zoneMap();
		const list = (name: string) =>
			(params.get(name) ?? '')
				.split(',')
				.map((s) => s.trim())
				.filter(Boolean);
		const ids = list('service_request_id');
		if (ids.length > 0) {
			if (ids.length > MAX_REQUESTS) throw new ServiceError('invalid', 'open311.invalid', `At most ${MAX_REQUESTS} service_request_id at once.`);
			const out: Open311Request[] = [];
			for (const id of ids) {
				const f = /^\d{1,15}$/.test(id) ? await this.features.get('hotspot', Number(id)) : undefined;
				if (f) out.push(await this.toRequest(f, locale, origin, zones));
			}
			return out;
		}
		const codes = list('service_code');
		const known = new Set((CATEGORY.options ?? []).map((o) => o.value));
		const unknown = codes.filter((c) => !known.has(c));
		if (unknown.length > 0) throw new ServiceError('not-found', 'open311.not-found', `service_code ${unknown.join(', ')} was not found.`);
		const statuses = list('status');
		const badStatus = statuses.filter((s) => s !== 'open' && s !== 'closed');
		if (badStatus.length > 0) throw new ServiceError('invalid', 'open311.invalid', `status must be open or closed, not ${badStatus.join(', ')}.`);
		const date = (name: string): number | null => {
			const raw = params.get(name);
			if (!raw) return null;
			const ms = parseInstant(raw, this.timeZone);
			if (ms === null) throw new ServiceError('invalid', 'open311.invalid', `${name} must be a w3 date and time such as 2026-11-01T00:00:00+08:00.`);
			return ms;
		};
		let start = date('start_date');
		let end = date('end_date');
		if (start === null && end === null) end = this.clock().getTime();
		if (start === null) start = end! - MAX_SPAN_DAYS * DAY_MS;
		if (end === null) end = Math.min(start + MAX_SPAN_DAYS * DAY_MS, Math.max(start, this.clock().getTime()));
		if (end < start) throw new ServiceError('invalid', 'open311.invalid', 'end_date is before start_date.');
		if (end - start > MAX_SPAN_DAYS * DAY_MS) throw new ServiceError('invalid', 'open311.invalid', `start_date and end_date may not span more than ${MAX_SPAN_DAYS} days.`);

		const matching = (await this.features.all('hotspot'))
			.map((f) => ({ f, at: typeof f.properties.reportedAt === 'string' ? Date.parse(f.properties.reportedAt) : Date.parse(f.createdAt) }))
			.filter(({ f, at }) => at >= start! && at <= end! && (codes.length === 0 || codes.includes(String(f.properties.category))) && (statuses.length === 0 || statuses.includes(open311Status(f.properties))))
			.sort((a, b) => b.at - a.at || b.f.id - a.f.id)
			.slice(0, MAX_REQUESTS);
		const out: Open311Request[] = [];
		for (const { f } of matching) out.push(await this.toRequest(f, locale, origin, zones));
		return out;
	}

	/** The case a tracking token belongs to, as the spec's token answer. */
	async token(token: string) {
		const f = await this.publicReports.caseOfToken(token);
		if (!f) throw new ServiceError('not-found', 'open311.not-found', `token ${token} was not found.`);
		return [{ service_request_id: String(f.id), token }];
	}

	/** POST requests: the form's fields, with a live key; a case made like any hotspot report. */
	async post(form: URLSearchParams, address: string, locale: Locale) {
		const key = await this.checkKey(form.get('api_key'));
		const wait = this.keys.take(key);
		if (wait > 0) throw new ServiceError('rate-limited', 'open311.api-key-rate', `This api_key has posted its ${key.ratePerHour} requests of this hour; try again in ${wait} seconds.`, { retryAfterSeconds: wait });
		const code = form.get('service_code');
		if (!code) throw new ServiceError('invalid', 'open311.invalid', 'service_code was not provided.');
		if (!(CATEGORY.options ?? []).some((o) => o.value === code)) throw new ServiceError('not-found', 'open311.not-found', `service_code ${code} was not found.`);
		if (!form.get('lat') || !form.get('long')) {
			throw new ServiceError('invalid', 'open311.invalid', 'lat and long were not provided: this server places every request by its WGS84 position (address_string and address_id alone are not enough).');
		}
		const contact = [[form.get('first_name'), form.get('last_name')].filter(Boolean).join(' '), form.get('email'), form.get('phone')].filter(Boolean).join(' · ');
		const description = [form.get('description'), form.get('address_string')].filter(Boolean).join('\n');
		try {
			const { feature } = await this.publicReports.report(
				{ category: code, lon: form.get('long'), lat: form.get('lat'), description: description || undefined, answers: attributesOf(form), contact: contact || undefined },
				{ address, device: form.get('device_id'), keyId: key.id },
				'open311',
				key.name
			);
			const due = typeof feature.properties.dueAt === 'string' ? w3(Date.parse(feature.properties.dueAt), this.timeZone) : null;
			const notice = due ? (locale === 'zh' ? `已受理，整改期限 ${due}` : `Received; to be put right by ${due}`) : null;
			return [{ service_request_id: String(feature.id), service_notice: notice, account_id: null }];
		} catch (e) {
			// The spec knows a missing thing and a wrong request only.
			if (e instanceof ServiceError) throw new ServiceError(e.reason === 'not-found' ? 'not-found' : 'invalid', e.code, e.message);
			throw e;
		}
	}

	private async checkKey(apiKey: string | null): Promise<Open311Key> {
		if (!apiKey) throw new ServiceError('forbidden', 'open311.api-key', 'api_key was not provided; an administrator of this site issues keys.');
		const key = await this.keys.verify(apiKey);
		if (!key) throw new ServiceError('forbidden', 'open311.api-key', 'Invalid api_key received; it is unknown or was revoked.');
		return key;
	}
}
