/**
 * A resident's reports waiting on the phone: kept in IndexedDB (via `idb`, as the field outbox
 * keeps its edits) with the resized photo as a Blob, until the server has stored them, and sent in
 * order when the phone is online again: the photo first (POST /api/public/photos), then the report
 * naming it. An entry leaves only after a 2xx; no connection or a 5xx leaves it waiting; a refusal
 * (4xx) keeps it with the server's message, for the resident to discard.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';

export interface PendingReport {
	id?: number;
	createdAt: string;
	report: { category: string; lon: number; lat: number; answers?: Record<string, string>; description?: string; contact?: string };
	photo: Blob | null;
	/** The server's reason when it refused the report. */
	error?: string;
}

export interface SentReport {
	id: number;
	token: string;
	trackUrl: string;
}

interface PublicOutboxDb extends DBSchema {
	reports: { key: number; value: PendingReport };
}

let opened: Promise<IDBPDatabase<PublicOutboxDb>> | undefined;
const db = () => (opened ??= openDB<PublicOutboxDb>('sanimap-public-outbox', 1, { upgrade: (d) => void d.createObjectStore('reports', { keyPath: 'id', autoIncrement: true }) }));

export const pendingReports = async (): Promise<PendingReport[]> => (await db()).getAll('reports');
export const keepReport = async (r: PendingReport): Promise<void> => void (await (await db()).add('reports', r));
export const discardReport = async (id: number): Promise<void> => (await db()).delete('reports', id);

/** A device id kept in this browser, so the server can limit reports per device; nothing else about the device. */
export function deviceId(): string {
	const KEY = 'sanimap.device';
	let id = localStorage.getItem(KEY);
	if (!id) {
		id = Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, '0')).join('');
		localStorage.setItem(KEY, id);
	}
	return id;
}

/** Thrown when the server refused (4xx): the report will not go through as it is. */
export class ReportRefused extends Error {
	constructor(
		message: string,
		/** The server's code and params, for a refusal in the reader's language (refusal-text.ts). */
		readonly code?: string,
		readonly params: Record<string, unknown> = {}
	) {
		super(message);
	}
}

async function post(path: string, body: BodyInit, contentType: string): Promise<Response> {
	const res = await fetch(path, { method: 'POST', body, headers: { 'content-type': contentType, 'x-sanimap-device': deviceId() } });
	if (res.status >= 400 && res.status < 500) {
		const answer = await res.json().catch(() => null);
		throw new ReportRefused(typeof answer?.message === 'string' ? answer.message : `HTTP ${res.status}`, typeof answer?.code === 'string' ? answer.code : undefined, typeof answer?.params === 'object' && answer.params ? answer.params : {});
	}
	if (!res.ok) throw new Error(`HTTP ${res.status}`);
	return res;
}

/** Sends one report (its photo first); a network failure or 5xx throws Error, a refusal ReportRefused. */
export async function sendReport(r: PendingReport): Promise<SentReport> {
	const photos: string[] = [];
	if (r.photo) photos.push((await (await post('/api/public/photos', r.photo, r.photo.type || 'image/jpeg')).json()).id);
	return (await post('/api/public/reports', JSON.stringify({ ...r.report, photos }), 'application/json')).json();
}

/** Adds the resident to an open case instead of a new report. */
export async function joinCase(caseId: number, contact: string | undefined): Promise<SentReport> {
	return (await post(`/api/public/reports/${caseId}/join`, JSON.stringify(contact ? { contact } : {}), 'application/json')).json();
}

/** Sends every waiting report in order; stops at the first that cannot go now. Answers those sent. */
export async function flushReports(): Promise<SentReport[]> {
	const sent: SentReport[] = [];
	for (const r of await pendingReports()) {
		if (r.error) continue;
		try {
			sent.push(await sendReport(r));
			await discardReport(r.id!);
		} catch (e) {
			if (e instanceof ReportRefused) {
				await (await db()).put('reports', { ...r, error: e.message });
				continue;
			}
			break;
		}
	}
	return sent;
}

/** The photo made smaller on the phone before it is sent: at most `maxSide` pixels, JPEG. */
export async function resizePhoto(file: Blob, maxSide = 1600, quality = 0.85): Promise<Blob> {
	const bitmap = await createImageBitmap(file);
	const scale = Math.min(1, maxSide / Math.max(bitmap.width, bitmap.height));
	const canvas = document.createElement('canvas');
	canvas.width = Math.max(1, Math.round(bitmap.width * scale));
	canvas.height = Math.max(1, Math.round(bitmap.height * scale));
	canvas.getContext('2d')!.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
	bitmap.close();
	return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('The photo could not be read.'))), 'image/jpeg', quality));
}
