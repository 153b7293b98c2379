import type { RequestEvent } from '@sveltejs/kit';
import { ApiError, asApiError, errorResponse, STATUS_OF_REASON } from './api-error';
import { EditRefusedError, FeatureNotFoundError, RevertConflictError, VersionConflictError, ChangesetNotFoundError } from '../repositories/errors';
import { toApiFeature } from './ogc';
import type { ConflictDetails } from '../../domain/api-types';
import { kindDef } from '../../domain/kinds';
import { storageError, STORAGE_MESSAGES_ZH, STORAGE_RETRY_AFTER_S, type StorageFailureReason } from './storage-errors';

/**
 * Wraps an API handler: expected failures become `{ code, message, details }` with a 4xx;
 * anything else is a bug and goes to SvelteKit's handleError as a 500.
 */
export function api<E extends RequestEvent>(handler: (event: E) => Promise<Response> | Response) {
	return async (event: E): Promise<Response> => {
		try {
			return await handler(event);
		} catch (e) {
			const known = toApiError(e);
			if (known) return errorResponse(known);
			// A full disk, an I/O error or a long-held lock: 503 + Retry-After, nothing was stored.
			const storage = storageFailureResponse(e, event, true);
			if (storage) return storage;
			throw e;
		}
	};
}

/** What the API answers for an error the caller can act on (a refusal, a stale version, a missing feature), or null. */
export function toApiError(e: unknown): ApiError | null {
	const known = asApiError(e);
	if (known) return known;
	if (e instanceof VersionConflictError) {
		const collection = e.current ? kindDef(e.current.kind)?.collection : undefined;
		const fields = e.conflicts.map((c) => c.field);
		return new ApiError(
			409,
			'conflict',
			!e.current
				? 'This feature was deleted by someone else. Nothing was saved.'
				: fields.length > 0
					? `Someone else changed ${fields.join(', ')} of this feature since your version ${e.expectedVersion} (it is now at version ${e.current.version}). Nothing was saved; choose which value to keep.`
					: `Someone else changed this feature: it is now at version ${e.current.version}, your edit was based on version ${e.expectedVersion}. Nothing was saved.`,
			{
				expectedVersion: e.expectedVersion,
				current: e.current && collection ? toApiFeature(e.current, collection) : null,
				// Per colliding field: the value in the version you read, the value you sent, the value stored now.
				...(e.conflicts.length > 0 ? { fields: e.conflicts } : {})
			} satisfies ConflictDetails
		);
	}
	if (e instanceof EditRefusedError) return new ApiError(STATUS_OF_REASON[e.refusal.reason], e.refusal.code, e.refusal.message, e.refusal.details);
	if (e instanceof FeatureNotFoundError) return new ApiError(404, 'feature.not-found', e.message);
	if (e instanceof ChangesetNotFoundError) return new ApiError(404, 'changeset.not-found', e.message);
	if (e instanceof RevertConflictError) {
		return new ApiError(409, 'revert.conflict', `${e.message} Undo their later edits first, or edit them by hand.`, { changed: e.changed });
	}
	return null;
}

/**
 * The 503 for a storage failure (full disk, I/O error, long-held lock) anywhere in a request, or
 * null when `e` is something else: the API's `{ code, message, details }` for API paths, a short
 * page in both languages for a person's browser. Both carry Retry-After.
 */
export function storageFailureResponse(e: unknown, event: Pick<RequestEvent, 'request' | 'url'>, asApi: boolean): Response | null {
	const storage = storageError(e);
	if (!storage) return null;
	console.error(`sanimap: ${event.request.method} ${event.url.pathname}: storage failure`, e);
	const res = asApi ? errorResponse(storage) : storageFailurePage(storage.message, (storage.details as { reason: StorageFailureReason }).reason);
	res.headers.set('retry-after', String(STORAGE_RETRY_AFTER_S));
	return res;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function storageFailurePage(message: string, reason: StorageFailureReason): Response {
	const html = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>暂时无法使用 / Temporarily unavailable — sanimap</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 36rem; margin: 3rem auto; padding: 0 1rem; line-height: 1.5">
<h1 style="font-size: 1.3rem">暂时无法使用 · Temporarily unavailable</h1>
<p lang="zh-CN">${escapeHtml(STORAGE_MESSAGES_ZH[reason])}</p>
<p lang="en">${escapeHtml(message)}</p>
<p><a href="">重试 · Try again</a></p>
</body></html>`;
	return new Response(html, { status: 503, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' } });
}
