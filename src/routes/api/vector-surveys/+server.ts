import { json } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { config } from '$lib/server/config';
import { api } from '$lib/server/http/handle';
import { readJsonBody } from '$lib/server/http/read-json-body';
import { writeContext } from '$lib/server/http/write-context';
import { requirePermission } from '$lib/server/auth/require-permission';
import { SURVEY_KINDS } from '$lib/domain/vector-records';
import { parseListQuery } from '$lib/server/services/vectors/vectors';

/** The surveys, newest first; filters `zone`, `from`, `to` (days, to exclusive) and `kind`. */
export const GET = api(async ({ url }) => {
	const surveys = await getApp().vectors.listSurveys(parseListQuery(url.searchParams, SURVEY_KINDS));
	return json({ surveys, timeZone: getApp().timeZone });
});

/** Records a survey `{ zoneId, kind, surveyedAt, …counts }`: 201 with the record and its indices. */
export const POST = api(async (event) => {
	requirePermission(event, 'edit', 'vectorSurvey');
	const body = await readJsonBody(event.request, config.maxBodyBytes);
	const { record, changesetId } = await getApp().vectors.recordSurvey(body, writeContext(event));
	return json({ ...record, changesetId }, { status: 201, headers: { location: `${event.url.origin}/api/collections/vector-surveys/items/${record.id}` } });
});
