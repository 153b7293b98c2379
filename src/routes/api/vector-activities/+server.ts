import { json } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { config } from '$lib/server/config';
import { api } from '$lib/server/http/handle';
import { readJsonBody } from '$lib/server/http/read-json-body';
import { writeContext } from '$lib/server/http/write-context';
import { requirePermission } from '$lib/server/auth/require-permission';
import { ACTIVITY_KINDS } from '$lib/domain/vector-records';
import { parseListQuery } from '$lib/server/services/vectors/vectors';

/** The activities, newest first; filters `zone`, `from`, `to` (days, to exclusive) and `kind`. */
export const GET = api(async ({ url }) => {
	const activities = await getApp().vectors.listActivities(parseListQuery(url.searchParams, ACTIVITY_KINDS));
	return json({ activities, timeZone: getApp().timeZone });
});

/** Records an activity `{ zoneId, kind, activityAt, amountKg?, areaM2?, count? }`: 201 with the record. */
export const POST = api(async (event) => {
	requirePermission(event, 'edit', 'vectorActivity');
	const body = await readJsonBody(event.request, config.maxBodyBytes);
	const { record, changesetId } = await getApp().vectors.recordActivity(body, writeContext(event));
	return json({ ...record, changesetId }, { status: 201, headers: { location: `${event.url.origin}/api/collections/vector-activities/items/${record.id}` } });
});
