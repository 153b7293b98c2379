import { getApp } from '$lib/server/app';
import { json } from '@sveltejs/kit';
import { api } from '$lib/server/http/handle';
import { readJsonBody } from '$lib/server/http/read-json-body';
import { reporterOf } from '$lib/server/http/public-reporter';

/**
 * A resident reports a problem, no account needed: `{ category, lon, lat, answers?, description?,
 * photos?, contact? }` (photos from POST /api/public/photos; answers `{ code: key }` to the
 * category's questions, domain/report-questions.ts). Answers `{ id, token, trackUrl }`; the case
 * lands `reported` for triage.
 */
export const POST = api(async (event) => {
	const body = (await readJsonBody(event.request, 32 * 1024)) as Record<string, unknown>;
	const input = typeof body === 'object' && body !== null ? body : {};
	const { feature, token } = await getApp().publicReports.report(input as never, reporterOf(event));
	return json({ id: feature.id, token, trackUrl: `/report-issue/track/${token}` }, { status: 201, headers: { 'cache-control': 'no-store' } });
});
