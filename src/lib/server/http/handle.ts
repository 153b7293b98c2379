import type { RequestEvent } from '@sveltejs/kit';
import { ApiError, errorResponse } from './api-error';
import { FeatureNotFoundError, RevertConflictError, VersionConflictError, ChangesetNotFoundError } from '../repositories/errors';
import { toApiFeature } from './ogc';
import { kindDef } from '../../domain/kinds';
import { storageError, STORAGE_RETRY_AFTER_S } from './storage-errors';

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
			const storage = storageError(e);
			if (storage) {
				console.error(`sanimap: ${event.request.method} ${event.url.pathname}: storage failure`, e);
				const res = errorResponse(storage);
				res.headers.set('retry-after', String(STORAGE_RETRY_AFTER_S));
				return res;
			}
			throw e;
		}
	};
}

function toApiError(e: unknown): ApiError | null {
	if (e instanceof ApiError) return e;
	if (e instanceof VersionConflictError) {
		const collection = e.current ? kindDef(e.current.kind)?.collection : undefined;
		return new ApiError(
			409,
			'conflict',
			e.current
				? `Someone else changed this feature: it is now at version ${e.current.version}, your edit was based on version ${e.expectedVersion}. Nothing was saved.`
				: 'This feature was deleted by someone else. Nothing was saved.',
			{ expectedVersion: e.expectedVersion, current: e.current && collection ? toApiFeature(e.current, collection) : null }
		);
	}
	if (e instanceof FeatureNotFoundError) return new ApiError(404, 'feature.not-found', e.message);
	if (e instanceof ChangesetNotFoundError) return new ApiError(404, 'changeset.not-found', e.message);
	if (e instanceof RevertConflictError) {
		return new ApiError(409, 'revert.conflict', `${e.message} Undo their later edits first, or edit them by hand.`, { changed: e.changed });
	}
	return null;
}
