/** Upload and commit helpers for the import tests, over the plain API client. */
import { expect } from 'vitest';
import type { ApiClient, ApiResponse } from './api-client';

export interface UploadOptions {
	collection?: string;
	crs?: string;
	key?: string;
	contentType?: string;
}

/** POST /api/import with the file as the body; returns the preview response. */
export function upload(client: ApiClient, bytes: Uint8Array | string, filename: string, options: UploadOptions = {}): Promise<ApiResponse> {
	const q = new URLSearchParams({ filename });
	if (options.collection) q.set('collection', options.collection);
	if (options.crs) q.set('crs', options.crs);
	if (options.key) q.set('key', options.key);
	const body = typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes;
	return client.send('POST', `/api/import?${q}`, { body: body as BodyInit, headers: { 'content-type': options.contentType ?? 'application/octet-stream' } });
}

export function commit(client: ApiClient, token: string, choices: Record<string, unknown> = {}): Promise<ApiResponse> {
	return client.post(`/api/import/${token}/commit`, choices);
}

/** Uploads and commits, failing the test on any refusal; returns the commit result. */
export async function importFile(client: ApiClient, bytes: Uint8Array | string, filename: string, options: UploadOptions & { skipInvalid?: boolean; mapping?: Record<string, string | null> } = {}) {
	const preview = await upload(client, bytes, filename, options);
	expect(preview.status, preview.text).toBe(201);
	const res = await commit(client, preview.body.token, {
		collection: options.collection,
		crs: options.crs,
		keyColumn: options.key,
		...(options.mapping ? { mapping: options.mapping } : {}),
		skipInvalid: options.skipInvalid ?? false
	});
	expect([200, 201], res.text).toContain(res.status);
	return { preview: preview.body, result: res.body };
}

export async function count(client: ApiClient, collection: string): Promise<number> {
	const res = await client.get(`/api/collections/${collection}/items?limit=1`);
	expect(res.status).toBe(200);
	return res.body.numberMatched;
}
