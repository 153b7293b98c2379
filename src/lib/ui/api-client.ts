/**
 * The browser's calls to the sanimap API. Failures become ApiClientError with the server's
 * `{ code, message, details }`, so the UI can show the message and react to the code.
 */
import type { Feature } from 'geojson';

export type ApiFeature = Feature & { id: number; version: number; collection: string; updatedAt: string; updatedBy: string };

export interface ChangesetSummary {
	id: number;
	createdAt: string;
	author: string;
	comment: string;
	source: string;
	revertOf: number | null;
	revertedBy: number | null;
	features: { featureId: number; kind: string; version: number; action: 'create' | 'update' | 'delete' }[];
}

export interface WriteResult {
	feature: ApiFeature;
	changesetId: number;
}

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

const JSON_HEADERS = { 'content-type': 'application/json', 'x-sanimap-source': 'web' };

/**
 * One JSON call of the API: the parsed answer, or ApiClientError with the server's code. A call
 * cancelled through its signal rejects with the AbortError itself, so callers can tell it apart.
 */
export async function apiCall<T>(input: string, init: RequestInit = {}): Promise<T> {
	let response: Response;
	try {
		response = await fetch(input, init);
	} catch (e) {
		if ((e as Error).name === 'AbortError') throw e;
		throw new ApiClientError(0, 'network', 'network');
	}
	const body = await response.json().catch(() => null);
	if (!response.ok) {
		throw new ApiClientError(response.status, body?.code ?? 'http', body?.message ?? `HTTP ${response.status}`, body?.details);
	}
	return body as T;
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

export async function createFeature(collection: string, feature: Pick<Feature, 'geometry' | 'properties'>): Promise<WriteResult> {
	const body = await apiCall<ApiFeature & { changesetId: number }>(`/api/collections/${collection}/items`, {
		method: 'POST',
		headers: JSON_HEADERS,
		body: JSON.stringify({ type: 'Feature', ...feature })
	});
	return { feature: body, changesetId: body.changesetId };
}

export async function patchFeature(
	collection: string,
	id: number,
	version: number,
	patch: { properties?: Record<string, unknown>; geometry?: Feature['geometry'] }
): Promise<WriteResult> {
	const body = await apiCall<ApiFeature & { changesetId: number }>(`/api/collections/${collection}/items/${id}`, {
		method: 'PATCH',
		headers: { ...JSON_HEADERS, 'if-match': `"${version}"` },
		body: JSON.stringify(patch)
	});
	return { feature: body, changesetId: body.changesetId };
}

export async function deleteFeature(collection: string, id: number, version: number): Promise<{ changesetId: number }> {
	return apiCall(`/api/collections/${collection}/items/${id}`, { method: 'DELETE', headers: { 'if-match': `"${version}"`, 'x-sanimap-source': 'web' } });
}

export async function revertChangeset(id: number): Promise<{ changeset: ChangesetSummary; features: (ApiFeature & { deleted: boolean })[] }> {
	return apiCall(`/api/changesets/${id}/revert`, { method: 'POST', headers: { 'x-sanimap-source': 'web' } });
}

export async function loadBasemapLayer(name: string, signal?: AbortSignal): Promise<GeoJSON.FeatureCollection> {
	return apiCall(`/api/basemap/${name}`, { signal });
}
