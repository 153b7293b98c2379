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
import { requestKeyOf } from '$lib/server/services/edits/request-key';
import type { AppliedChangeset } from '$lib/server/store/types';

/**
 * Several edits as one changeset, all or none: `{ edits: [{ type, … }], comment? }`. With an
 * `Idempotency-Key` header, the same request sent again is answered with the changeset it stored
 * the first time (and `Idempotent-Replayed: true`), not stored twice (request-key.ts).
 */
export const POST = api(async (event) => {
	// Who asks first: a caller who may not write learns nothing about the data from how its edits fail.
	requirePermission(event, 'edit');
	const body = await readJsonBody(event.request, config.maxBodyBytes);
	const batch = parseEditBatch(body);
	const request = requestKeyOf(event.request.headers, body);
	const app = getApp();
	const ctx = writeContext(event);
	// Before the edits are prepared: what they name may have changed since they were stored.
	const earlier = request && (await app.edits.storedFor(ctx, request));
	if (earlier) return answer(earlier, batch.edits.map(() => null));
	const prepared = [];
	for (const [i, edit] of batch.edits.entries()) prepared.push(await prepareEdit(edit, i, app, ctx));
	requirePermission(event, 'edit', [...new Set(prepared.flatMap((p) => p.kinds))]);
	const applied = await app.edits.perform({ ...ctx, comment: batch.comment ?? ctx.comment }, prepared.flatMap((p) => p.actions), { request });
	return answer(applied, applied.replayed ? batch.edits.map(() => null) : prepared.map((p) => p.note ?? null));
});

/** The stored changeset; `notes` are what was found while preparing the edits, none for a replay. */
function answer({ changeset, results, replayed }: AppliedChangeset & { replayed?: true }, notes: EditsAnswer['notes']): Response {
	return json(
		{
			changeset,
			features: results.map((f) => ({ ...toApiFeature(f, collectionOfKind(f.kind)), ...(f.deleted ? { deleted: true } : {}), ...(f.merged ? { merged: f.merged } : {}) })),
			notes
		} satisfies EditsAnswer,
		{ status: 201, headers: replayed ? { 'idempotent-replayed': 'true' } : {} }
	);
}
