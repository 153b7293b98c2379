/**
 * The browser's calls to the sanimap API. Every change of the map is an edit sent to
 * `POST /api/edits`, an undo goes to `POST /api/changesets/{id}/revert`, and photos are uploaded
 * first to `POST /api/photos`. A call answers as an outcome (stored, refused with the server's
 * `{ code, message, details }`, or no connection), which the field outbox keeps or retries, or,
 * through `apiCall`, throws ApiClientError for the UI to show.
 */
import { REQUEST_KEY, type ApiErrorBody, type ApiFeature, type EditBatch, type EditsAnswer, type PhotoAnswer, type RevertAnswer } from '../domain/api-types';

export type { ApiFeature, ChangesetSummary } from '../domain/api-types';

/** Where an edit was made, recorded with its changeset (`X-Sanimap-Source`). */
export type EditSource = 'web' | 'field';

export interface ApiRefusal extends ApiErrorBody {
	status: number;
}

export type ApiOutcome<T> = { kind: 'ok'; status: number; body: T } | { kind: 'refused'; error: ApiRefusal } | { kind: 'offline' };

export class ApiClientError extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		message: string,
		readonly details?: unknown
	) {
		super(message);
	}
}

/**
 * One call of the API, as an outcome. A call cancelled through its signal rejects with the
 * AbortError itself, so callers can tell it apart.
 */
export async function apiRequest<T>(input: string, init: RequestInit = {}): Promise<ApiOutcome<T>> {
	let response: Response;
	try {
		response = await fetch(input, { credentials: 'same-origin', ...init });
	} catch (e) {
		if ((e as Error).name === 'AbortError') throw e;
		return { kind: 'offline' };
	}
	const body = await response.json().catch(() => null);
	if (response.ok) return { kind: 'ok', status: response.status, body: body as T };
	return { kind: 'refused', error: { status: response.status, code: body?.code ?? 'http', message: body?.message ?? `HTTP ${response.status}`, details: body?.details } };
}

/** The answer of an outcome, or ApiClientError with the server's code (`network` without a connection). */
export function answerOf<T>(outcome: ApiOutcome<T>): T {
	if (outcome.kind === 'ok') return outcome.body;
	if (outcome.kind === 'offline') throw new ApiClientError(0, 'network', 'network');
	const { status, code, message, details } = outcome.error;
	throw new ApiClientError(status, code, message, details);
}

/** One JSON call of the API: the parsed answer, or ApiClientError with the server's code. */
export async function apiCall<T>(input: string, init: RequestInit = {}): Promise<T> {
	return answerOf(await apiRequest<T>(input, init));
}

/**
 * Edits as one changeset, all or none. `requestKey`: the same key as when this batch was sent
 * before (the outbox's entry id), so that a batch whose answer was lost is not stored twice.
 */
export function sendEdits(batch: EditBatch, source: EditSource, requestKey?: string): Promise<ApiOutcome<EditsAnswer>> {
	const headers: Record<string, string> = { 'content-type': 'application/json', 'x-sanimap-source': source };
	if (requestKey !== undefined && REQUEST_KEY.test(requestKey)) headers['idempotency-key'] = requestKey;
	return apiRequest('/api/edits', { method: 'POST', headers, body: JSON.stringify(batch) });
}

/** Undo (or redo) a changeset: its inverse, stored as a new changeset. */
export function sendRevert(changesetId: number, source: EditSource): Promise<ApiOutcome<RevertAnswer>> {
	return apiRequest(`/api/changesets/${changesetId}/revert`, { method: 'POST', headers: { 'x-sanimap-source': source } });
}

/** A photo, uploaded before the edit that names it. */
export function sendPhoto(photo: Blob, name?: string, signal?: AbortSignal): Promise<ApiOutcome<PhotoAnswer>> {
	const headers: Record<string, string> = { 'content-type': photo.type || 'application/octet-stream' };
	if (name) headers['x-filename'] = encodeURIComponent(name);
	return apiRequest('/api/photos', { method: 'POST', body: photo, headers, signal });
}

export async function loadCollection(collection: string, signal?: AbortSignal): Promise<{ features: ApiFeature[]; numberMatched: number }> {
	const features: ApiFeature[] = [];
	let url: string | undefined = `/api/collections/${collection}/items?limit=10000`;
	let numberMatched = 0;
	while (url) {
		const page: { features: ApiFeature[]; numberMatched: number; links: { rel: string; href: string }[] } = await apiCall(url, { signal });
		features.push(...page.features);
		numberMatched = page.numberMatched;
		const next = page.links.find((l) => l.rel === 'next');
		url = next ? new URL(next.href).pathname + new URL(next.href).search : undefined;
	}
	return { features, numberMatched };
}

export async function loadBasemapLayer(name: string, signal?: AbortSignal): Promise<GeoJSON.FeatureCollection> {
	return apiCall(`/api/basemap/${name}`, { signal });
}
