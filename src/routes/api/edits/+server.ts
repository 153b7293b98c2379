import { json } from '@sveltejs/kit';
import type { EditsAnswer } from '$lib/domain/api-types';
import { collectionOfKind } from '$lib/domain/inspections/kind';
import { getApp } from '$lib/server/app';
import { requirePermission } from '$lib/server/auth';
import { config } from '$lib/server/config';
import { api } from '$lib/server/http/handle';
import { toApiFeature } from '$lib/server/http/ogc';
import { readJsonBody } from '$lib/server/http/read-json-body';
import { writeContext } from '$lib/server/http/write-context';
import { parseEditBatch, prepareEdit } from '$lib/server/services/edits/edit-requests';

/** Several edits as one changeset, all or none: `{ edits: [{ type, … }], comment? }`. */
export const POST = api(async (event) => {
	// Who asks first: a caller who may not write learns nothing about the data from how its edits fail.
	requirePermission(event, 'edit');
	const batch = parseEditBatch(await readJsonBody(event.request, config.maxBodyBytes));
	const app = getApp();
	const ctx = writeContext(event);
	const prepared = [];
	for (const [i, edit] of batch.edits.entries()) prepared.push(await prepareEdit(edit, i, app, ctx));
	requirePermission(event, 'edit', [...new Set(prepared.flatMap((p) => p.kinds))]);
	const { changeset, results } = await app.edits.perform({ ...ctx, comment: batch.comment ?? ctx.comment }, prepared.flatMap((p) => p.actions));
	return json(
		{
			changeset,
			features: results.map((f) => ({ ...toApiFeature(f, collectionOfKind(f.kind)), ...(f.deleted ? { deleted: true } : {}), ...(f.merged ? { merged: f.merged } : {}) })),
			notes: prepared.map((p) => p.note ?? null)
		} satisfies EditsAnswer,
		{ status: 201 }
	);
});
