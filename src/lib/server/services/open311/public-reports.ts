/**
 * Reports from the public: residents on /report-issue and Open311 clients with a key. A report is
 * a hotspot case made by the same report edit as a staff report (validated the same way), marked
 * with its source and a reporter count; the reporter gets a tracking token (only its hash is kept)
 * and may leave a contact only managers read. Residents may add themselves to an open case nearby
 * instead of reporting it again, answer "is it fixed?" once it is verified, and a manager may mark
 * a public report as spam, which deletes the case: it and its photos leave every public answer.
 *
 * Abuse limits: reports per address and per device per hour, photos per report (as any report),
 * the body and photo sizes of every upload, the length of the contact.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Point } from 'geojson';
import type { PublicReporterRow, PublicReporterStore } from '../../store/open311';
import { ServiceError } from '../service-error';
import { FailureRateLimiter } from '../../auth/rate-limit';
import { statusOf } from '../../../domain/hotspot-lifecycle';
import { checkAnswers } from '../../../domain/report-questions';
import { actionJoinCase, actionMarkSpam, actionResidentAnswer, type ResidentAnswer } from '../../../domain/edits/actions/public-report';
import type { EditService, WriteContext } from '../edits/edit-service';
import type { HotspotService } from '../hotspots/hotspots';
import type { FeatureReads, StoredFeature } from '../../store/types';
import type { TrackedCase } from '../../../domain/api-types';

const HOUR_MS = 3_600_000;
/** Reports (new or joined) one address may send per hour, and one device. */
export const PUBLIC_REPORTS_PER_ADDRESS_PER_HOUR = 20;
export const PUBLIC_REPORTS_PER_DEVICE_PER_HOUR = 10;
/** Photos one address may upload per hour without an account. */
export const PUBLIC_PHOTOS_PER_ADDRESS_PER_HOUR = 30;
export const MAX_CONTACT_LENGTH = 200;

export interface PublicReportInput {
	category: unknown;
	description?: unknown;
	lon: unknown;
	lat: unknown;
	/** Answers to the category's questions, `{ code: key }` (domain/report-questions.ts); severity among them. */
	answers?: unknown;
	/** Severity beside the answers, as clients sent it before the categories had questions; read as one of them. */
	severity?: unknown;
	photos?: unknown;
	contact?: unknown;
}

/** Who sends a report: the address it came from, the device id the page keeps, an Open311 key. */
export interface Reporter {
	address: string;
	device?: string | null;
	keyId?: number | null;
}

export type { TrackedCase };

/** An open case of the same category near a report, as a resident may see it. */
export interface NearbyCase {
	id: number;
	distanceM: number;
	status: string;
	reportedAt: string | null;
	reporterCount: number;
}

const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');
const newToken = () => randomBytes(18).toString('base64url');
export const isToken = (s: unknown): s is string => typeof s === 'string' && /^[A-Za-z0-9_-]{16,64}$/.test(s);

const num = (v: unknown): number => (typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN);

export class PublicReportService {
	private readonly byAddress = new FailureRateLimiter({ maxFailures: PUBLIC_REPORTS_PER_ADDRESS_PER_HOUR, windowMs: HOUR_MS });
	private readonly byDevice = new FailureRateLimiter({ maxFailures: PUBLIC_REPORTS_PER_DEVICE_PER_HOUR, windowMs: HOUR_MS });
	private readonly photosByAddress = new FailureRateLimiter({ maxFailures: PUBLIC_PHOTOS_PER_ADDRESS_PER_HOUR, windowMs: HOUR_MS });

	constructor(
		private readonly store: PublicReporterStore,
		private readonly features: FeatureReads,
		private readonly edits: EditService,
		private readonly hotspots: HotspotService,
		private readonly clock: () => Date,
		private readonly maxVertices: number
	) {}

	private context(reporter: Reporter, source: 'public' | 'open311', keyName?: string): WriteContext {
		return {
			author: source === 'open311' ? `open311:${keyName ?? 'client'}`.slice(0, 100) : 'resident',
			userId: null,
			source: source === 'open311' ? 'api' : 'web',
			maxVertices: this.maxVertices
		};
	}

	/** Refuses (429) a resident over the hourly limits of their address or device; counts the report otherwise. */
	private admit(reporter: Reporter): void {
		if (reporter.keyId) return; // Open311 clients are limited per key.
		const keys: [FailureRateLimiter, string][] = [[this.byAddress, reporter.address]];
		if (reporter.device) keys.push([this.byDevice, reporter.device]);
		for (const [limiter, key] of keys) {
			const wait = limiter.retryAfterSeconds(key);
			if (wait > 0) {
				throw new ServiceError('rate-limited', 'report.rate-limited', `Too many reports from here; try again in ${Math.ceil(wait / 60)} minutes.`, { retryAfter: wait });
			}
		}
		for (const [limiter, key] of keys) limiter.recordFailure(key);
	}

	/** Refuses (429) an address over its hourly photo uploads; counts the upload otherwise. */
	admitPhoto(address: string): void {
		const wait = this.photosByAddress.retryAfterSeconds(address);
		if (wait > 0) throw new ServiceError('rate-limited', 'photo.rate-limited', `Too many photos from here; try again in ${Math.ceil(wait / 60)} minutes.`, { retryAfter: wait });
		this.photosByAddress.recordFailure(address);
	}

	private contactOf(v: unknown): string | null {
		if (v === undefined || v === null || v === '') return null;
		if (typeof v !== 'string' || v.trim().length > MAX_CONTACT_LENGTH) {
			throw new ServiceError('invalid', 'report.contact', `The contact must be text of at most ${MAX_CONTACT_LENGTH} characters.`, { path: 'contact' });
		}
		return v.trim() || null;
	}

	private pointOf(input: { lon: unknown; lat: unknown }): Point {
		const lon = num(input.lon);
		const lat = num(input.lat);
		if (!Number.isFinite(lon) || !Number.isFinite(lat) || lon < -180 || lon > 180 || lat < -90 || lat > 90) {
			throw new ServiceError('invalid', 'report.position', 'Give the position as a longitude (-180 to 180) and a latitude (-90 to 90) in WGS84.', { path: 'lon,lat' });
		}
		return { type: 'Point', coordinates: [lon, lat] };
	}

	/** Open cases of `category` within the duplicate distance, as a resident may see them. */
	async nearby(category: unknown, lon: unknown, lat: unknown): Promise<NearbyCase[]> {
		const point = this.pointOf({ lon, lat });
		const found = await this.hotspots.openCasesNear(point, String(category ?? ''));
		const out: NearbyCase[] = [];
		for (const d of found) {
			const f = await this.features.get('hotspot', d.id);
			out.push({ id: d.id, distanceM: d.distanceM, status: d.status, reportedAt: d.reportedAt, reporterCount: reporterCountOf(f) });
		}
		return out;
	}

	/** A new case from the public; answers the stored case, its tracking token and the open cases near it. */
	async report(input: PublicReportInput, reporter: Reporter, source: 'public' | 'open311' = 'public', keyName?: string) {
		const contact = this.contactOf(input.contact);
		const point = this.pointOf(input);
		const checked = checkAnswers(input.category, answersWithSeverity(input));
		if (!checked.ok) {
			const { code, message, params } = checked.issue;
			throw new ServiceError('invalid', code, message, { path: params.question ? `answers.${params.question}` : 'answers' }, params);
		}
		const properties: Record<string, unknown> = { category: input.category };
		if (input.description !== undefined && input.description !== null && input.description !== '') properties.description = input.description;
		if (checked.severity) properties.severity = checked.severity;
		if (input.photos !== undefined) properties.photos = input.photos;
		const ctx = this.context(reporter, source, keyName);
		// The answers are stamped after the report's validation, as the fields only residents set are.
		const stamp: Record<string, unknown> = { reportSource: source, reporterCount: 1 };
		if (Object.keys(checked.answers).length > 0) stamp.reportAnswers = checked.answers;
		const { action, duplicates, zone } = await this.hotspots.reportAction({ type: 'Feature', geometry: point, properties }, ctx, stamp);
		this.admit(reporter);
		const applied = await this.edits.perform(ctx, [action]);
		const feature = applied.results[0];
		const token = await this.remember(feature.id, source === 'open311' ? 'open311' : 'report', contact, reporter.keyId ?? null);
		return { feature, token, zone, duplicates: duplicates.map((d) => d.id) };
	}

	/** Adds a resident to an open case (the case counts one more reporter); answers their own tracking token. */
	async join(caseId: number, input: { contact?: unknown }, reporter: Reporter) {
		const contact = this.contactOf(input.contact);
		const f = await this.features.get('hotspot', caseId);
		if (!f) throw new ServiceError('not-found', 'feature.not-found', `There is no hotspot ${caseId}.`);
		this.admit(reporter);
		const applied = await this.edits.perform(this.context(reporter, 'public'), [actionJoinCase(caseId)]);
		const token = await this.remember(caseId, 'join', contact, null);
		return { feature: applied.results[0], token };
	}

	/**
	 * The reporter's row, written once the changeset that made or joined the case has committed:
	 * the case and its row are two writes on either store, never one transaction. Should this one
	 * fail (the store gone away), the case stands as any report edit would, with its reporter
	 * count, and the request answers 500 without a token; nothing refers to a row that is missing.
	 * A token hash that is stored already cannot happen short of a collision of 144 random bits.
	 */
	private async remember(caseId: number, role: string, contact: string | null, keyId: number | null): Promise<string> {
		const token = newToken();
		await this.store.insertReporter({ caseId, tokenHash: tokenHash(token), role, contact, keyId, createdAt: this.clock().toISOString() });
		return token;
	}

	/** The case a tracking token belongs to, while the case stands (a spam-marked one does not). */
	async caseOfToken(token: string): Promise<StoredFeature | null> {
		if (!isToken(token)) return null;
		const caseId = await this.store.caseOfTokenHash(tokenHash(token));
		if (caseId === undefined) return null;
		return (await this.features.get('hotspot', caseId)) ?? null;
	}

	async track(token: string): Promise<TrackedCase> {
		const f = await this.caseOfToken(token);
		if (!f) throw trackingNotFound();
		const p = f.properties;
		const status = statusOf(p);
		const verified = status === 'verified';
		let zoneName: string | null = null;
		if (typeof p.zoneId === 'string' && /^\d+$/.test(p.zoneId)) {
			const zone = await this.features.get('zone', Number(p.zoneId));
			zoneName = zone && typeof zone.properties.name === 'string' ? zone.properties.name : null;
		}
		return {
			id: f.id,
			category: String(p.category ?? ''),
			status,
			reportedAt: typeof p.reportedAt === 'string' ? p.reportedAt : null,
			updatedAt: f.updatedAt,
			zoneName,
			reporterCount: reporterCountOf(f),
			resolutionNote: verified && typeof p.resolutionNote === 'string' ? p.resolutionNote : null,
			resolutionPhotos: verified && Array.isArray(p.resolutionPhotos) ? p.resolutionPhotos.filter((s): s is string => typeof s === 'string').map((id) => `/api/photos/${id}`) : [],
			residentAnswer: typeof p.residentAnswer === 'string' ? p.residentAnswer : null,
			reopenedAt: typeof p.residentReopenedAt === 'string' ? p.residentReopenedAt : null,
			canAnswer: verified && typeof p.residentAnswer !== 'string'
		};
	}

	/** "Is it fixed?": the answer of a token's holder, recorded on the case; "not fixed" reopens it (actionResidentAnswer). */
	async answer(token: string, body: unknown, reporter: Reporter): Promise<TrackedCase> {
		const answer = (typeof body === 'object' && body !== null ? (body as Record<string, unknown>).answer : undefined) as ResidentAnswer | undefined;
		if (answer !== 'fixed' && answer !== 'not-fixed') throw new ServiceError('invalid', 'report.answer', 'Answer "fixed" or "not-fixed".', { path: 'answer' });
		const f = await this.caseOfToken(token);
		if (!f) throw trackingNotFound();
		await this.edits.perform(this.context(reporter, 'public'), [actionResidentAnswer(f.id, answer)]);
		return this.track(token);
	}

	/** A manager marks a public report as spam: the case is deleted (one changeset; undo brings it back). */
	async markSpam(id: number, body: unknown, ctx: WriteContext) {
		const version = typeof body === 'object' && body !== null ? (body as Record<string, unknown>).version : undefined;
		if (version !== undefined && (typeof version !== 'number' || !Number.isSafeInteger(version))) throw new ServiceError('invalid', 'version.invalid', '"version" must be a whole number.');
		return this.edits.perform(ctx, [actionMarkSpam(id, version as number | undefined)]);
	}

	/** Who reported a case and how to reach them: for managers only. */
	reporters(caseId: number): Promise<PublicReporterRow[]> {
		return this.store.reportersOf(caseId);
	}

	/** Whether a photo belongs to a public report marked as spam: then no public answer serves it. */
	isPhotoHidden(photoId: string): Promise<boolean> {
		return this.store.isSpamMarkedPhoto(photoId);
	}

	/** Whether feature `id` is a public report marked as spam: its history is then for managers only. */
	isHiddenCase(id: number): Promise<boolean> {
		return this.store.isSpamMarkedCase(id);
	}
}

const reporterCountOf = (f: StoredFeature | undefined): number => (f && typeof f.properties.reporterCount === 'number' ? f.properties.reporterCount : 1);

const trackingNotFound = () => new ServiceError('not-found', 'report.not-found', 'No report has this tracking link, or it was removed.');

/** The answers with a `severity` given beside them; answers that are not an object are left to be refused as they are. */
function answersWithSeverity({ answers, severity }: PublicReportInput): unknown {
	if (severity === undefined) return answers;
	if (answers === undefined || answers === null) return { severity };
	if (typeof answers !== 'object' || Array.isArray(answers)) return answers;
	return { severity, ...answers };
}
