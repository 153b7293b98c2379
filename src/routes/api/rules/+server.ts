import { getApp } from '$lib/server/app';
import { json } from '@sveltejs/kit';
import { requirePermission } from '$lib/server/auth';
import { config } from '$lib/server/config';
import { ApiError } from '$lib/server/http/api-error';
import { api } from '$lib/server/http/handle';
import { readJsonBody } from '$lib/server/http/read-json-body';
import { writeContext } from '$lib/server/http/write-context';
import { rulesDocument } from '$lib/server/services/rules/rules';

/** The project's rules in force, the defaults, their sources and allowed ranges. */
export const GET = api(async () => json(rulesDocument(await getApp().rules.get()), { headers: { 'cache-control': 'no-store' } }));

/** Replaces the project's rules; rules left out return to their defaults. */
export const PUT = api(async (event) => {
	requirePermission(event, 'edit:rules');
	const body = await readJsonBody(event.request, config.maxBodyBytes);
	const result = await getApp().rules.put(body, writeContext(event).author);
	if (!result.ok) throw new ApiError(400, 'rules.invalid', result.issues.map((i) => i.message).join(' '), { issues: result.issues });
	return json(rulesDocument(result.value));
});
