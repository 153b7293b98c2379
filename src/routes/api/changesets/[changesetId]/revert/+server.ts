import { json } from '@sveltejs/kit';
import { collectionOfKind } from '$lib/domain/inspections/kind';
import { getApp } from '$lib/server/app';
import { ApiError } from '$lib/server/http/api-error';
import { api } from '$lib/server/http/handle';
import { toApiFeature } from '$lib/server/http/ogc';
import { writeContext } from '$lib/server/http/write-context';
import { requirePermission } from '$lib/server/auth';

/** Undo: applies the inverse of a changeset as a new changeset (itself undoable). */
export const POST = api(async (event) => {
	const id = Number(event.params.changesetId);
	if (!Number.isSafeInteger(id) || id <= 0) throw new ApiError(404, 'changeset.not-found', `Changeset ${event.params.changesetId} does not exist.`);
	// Undoing an edit is editing every kind it touched.
	requirePermission(event, 'edit', (await getApp().changesets.get(id))?.features.map((f) => f.kind) ?? []);
	const { author, userId, source } = writeContext(event);
	const { changeset, results } = await getApp().edits.revert({ author, userId, source, maxVertices: 0 }, id);
	return json(
		{
			changeset,
			features: results.map((f) => ({ ...toApiFeature(f, collectionOfKind(f.kind)), deleted: f.deleted ?? false }))
		},
		{ status: 201 }
	);
});
