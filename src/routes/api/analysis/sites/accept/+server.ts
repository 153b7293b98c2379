import { getApp } from '$lib/server/app';
import { json } from '@sveltejs/kit';
import { kindDef } from '$lib/domain/kinds';
import { config } from '$lib/server/config';
import { requirePermission } from '$lib/server/auth';
import { api } from '$lib/server/http/handle';
import { toApiFeature } from '$lib/server/http/ogc';
import { readJsonBody } from '$lib/server/http/read-json-body';
import { writeContext } from '$lib/server/http/write-context';
import { parseAcceptBody } from '$lib/server/services/planning/planning-params';

/** Accepts suggested sites as planned bins in one changeset, undone as one by reverting it. */
export const POST = api(async (event) => {
	requirePermission(event, 'edit', 'bin');
	const body = parseAcceptBody(await readJsonBody(event.request, config.maxBodyBytes));
	const ctx = writeContext(event);
	// The app's own requests say "web"; without the header this is still the planning UI's action.
	const source = event.request.headers.has('x-sanimap-source') ? ctx.source : 'web';
	const { changeset, results } = await getApp().planning.accept({ ...body, comment: body.comment ?? ctx.comment }, { ...ctx, source });
	const collection = kindDef('bin')!.collection;
	return json({ changeset, changesetId: changeset.id, features: results.map((f) => toApiFeature(f, collection)) }, { status: 201 });
});
