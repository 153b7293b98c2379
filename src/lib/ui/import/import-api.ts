/**
 * The import page's calls: the upload goes through XMLHttpRequest because fetch cannot report
 * upload progress; the rest are JSON calls. Failures are ApiClientError with the server's message.
 * Each long call is named by a random progress id, so that `watchProgress` can ask the server how
 * far reading, checking and writing have got while the call runs.
 */
import { ApiClientError } from '../api-client';
import type { ImportIssue } from '../../import/types';

/** A refusal of the server, with the values its message is built from. */
export class ImportApiError extends ApiClientError {
	constructor(
		status: number,
		code: string,
		message: string,
		details?: unknown,
		readonly params?: Record<string, string | number>
	) {
		super(status, code, message, details);
	}
}

export interface LayerCounts {
	created: number;
	updated: number;
	unchanged: number;
	rejected: number;
}

export interface ColumnNote {
	column: string;
	field: string;
	code: string;
	checked: number;
	fitting: number;
	examples: string[];
	message: string;
}

export interface ImportPreview {
	token: string;
	filename: string;
	format: string;
	notes: { encoding?: string };
	collection: string | null;
	crs: string;
	keyColumn: string | null;
	columns: string[];
	mapping: Record<string, string | null>;
	/** Columns whose header names a field their values do not fit: left unmapped, kept as source attributes. */
	columnNotes: ColumnNote[];
	/** The columns the position is read from (CSV): no field, no source attribute. */
	positionColumns?: { column: string; role: 'longitude' | 'latitude' | 'wkt' }[];
	fields: { key: string; type: string; label: { zh: string; en: string } }[];
	total: number;
	valid: number;
	rejected: number;
	create: number;
	update: number;
	unchanged: number;
	layers: Record<string, LayerCounts>;
	issueCount: number;
	issues: ImportIssue[];
	features: GeoJSON.FeatureCollection;
	bbox: [number, number, number, number] | null;
}

export interface ImportResult extends LayerCounts {
	changesetId: number | null;
	layers: Record<string, LayerCounts>;
	issues: ImportIssue[];
}

export interface ImportChoices {
	collection?: string;
	crs: string;
	keyColumn: string | null;
	mapping?: Record<string, string | null>;
}

/** Where a running import stands on the server; `total` 0: not known yet. */
export interface ImportProgress {
	phase: 'waiting' | 'parse' | 'check' | 'commit' | 'done' | 'failed';
	done: number;
	total: number;
}

/** A fresh id for one upload, preview or commit (crypto.randomUUID needs a secure context; this does not). */
export function newProgressId(): string {
	const bytes = crypto.getRandomValues(new Uint8Array(12));
	return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Asks every `everyMs` how far the call named `id` has got and passes each answer on, until the
 * returned function is called. A missing answer (a network hiccup) is skipped.
 */
export function watchProgress(id: string, onProgress: (progress: ImportProgress) => void, everyMs = 400): () => void {
	let stopped = false;
	let timer: ReturnType<typeof setTimeout> | undefined;
	const tick = async () => {
		try {
			const res = await fetch(`/api/import/progress/${id}`, { headers: { 'x-sanimap-source': 'web' } });
			if (res.ok && !stopped) onProgress((await res.json()) as ImportProgress);
		} catch {
			// Skipped: the next tick asks again.
		}
		if (!stopped) timer = setTimeout(tick, everyMs);
	};
	timer = setTimeout(tick, everyMs);
	return () => {
		stopped = true;
		clearTimeout(timer);
	};
}

function toError(status: number, text: string): ApiClientError {
	let body: { code?: string; message?: string; details?: unknown; params?: Record<string, string | number> } | null = null;
	try {
		body = JSON.parse(text);
	} catch {
		// Not JSON: keep the status.
	}
	return new ImportApiError(status, body?.code ?? 'http', body?.message ?? `HTTP ${status}`, body?.details, body?.params);
}

export function uploadForPreview(file: File, choices: ImportChoices, progressId: string, onProgress: (fraction: number) => void): Promise<ImportPreview> {
	const q = new URLSearchParams({ filename: file.name, crs: choices.crs, progress: progressId });
	if (choices.collection) q.set('collection', choices.collection);
	if (choices.keyColumn) q.set('key', choices.keyColumn);
	return new Promise((resolve, reject) => {
		const xhr = new XMLHttpRequest();
		xhr.open('POST', `/api/import?${q}`);
		xhr.setRequestHeader('content-type', 'application/octet-stream');
		xhr.setRequestHeader('x-sanimap-source', 'web');
		xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
		xhr.upload.onload = () => onProgress(1);
		xhr.onload = () => (xhr.status === 201 ? resolve(JSON.parse(xhr.responseText)) : reject(toError(xhr.status, xhr.responseText)));
		xhr.onerror = () => reject(new ApiClientError(0, 'network', 'network'));
		xhr.send(file);
	});
}

async function postJson<T>(url: string, body: unknown): Promise<T> {
	let res: Response;
	try {
		res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-sanimap-source': 'web' }, body: JSON.stringify(body) });
	} catch {
		throw new ApiClientError(0, 'network', 'network');
	}
	const text = await res.text();
	if (!res.ok) throw toError(res.status, text);
	return JSON.parse(text) as T;
}

export const previewAgain = (token: string, choices: ImportChoices, progressId: string) => postJson<ImportPreview>(`/api/import/${token}/preview?progress=${progressId}`, choices);

export const commitImport = (token: string, choices: ImportChoices & { skipInvalid: boolean }, progressId: string) => postJson<ImportResult>(`/api/import/${token}/commit?progress=${progressId}`, choices);

export const undoImport = (changesetId: number) => postJson<unknown>(`/api/changesets/${changesetId}/revert`, {});

export async function discardImport(token: string): Promise<void> {
	await fetch(`/api/import/${token}`, { method: 'DELETE', headers: { 'x-sanimap-source': 'web' } }).catch(() => undefined);
}
