import { json } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { requirePermission } from '$lib/server/auth';
import { config } from '$lib/server/config';
import { ApiError } from '$lib/server/http/api-error';
import { api } from '$lib/server/http/handle';
import { readJsonBody } from '$lib/server/http/read-json-body';
import { writeContext } from '$lib/server/http/write-context';

async function userOf(username: string | undefined) {
	const user = await getApp().auth.users.byUsername(username ?? '');
	if (!user) throw new ApiError(404, 'user.not-found', `There is no user "${username}".`);
	return user;
}

/** The zones given to a user (分片包干). */
export const GET = api(async (event) => {
	requirePermission(event, 'admin:users');
	const user = await userOf(event.params.username);
	return json({ username: user.username, zones: await getApp().userZones.zonesOf(user.id) }, { headers: { 'cache-control': 'no-store' } });
});

/** `{ zones: [zoneId, …] }`: replaces the user's zones; every id must be a zone. Field staff then write only inside them. */
export const PUT = api(async (event) => {
	requirePermission(event, 'admin:users');
	const user = await userOf(event.params.username);
	const body = await readJsonBody(event.request, config.maxBodyBytes);
	const zones = (body as { zones?: unknown } | null)?.zones;
	if (typeof body !== 'object' || body === null || !Array.isArray(zones) || !zones.every((z) => Number.isSafeInteger(z) && z > 0) || zones.length > 1000) {
		throw new ApiError(400, 'user.zones.invalid', 'Send {"zones": [<zone id>, …]}: the ids of zones (at most 1000).');
	}
	const app = getApp();
	const known = new Set((await app.features.all('zone')).map((z) => z.id));
	const unknown = (zones as number[]).find((z) => !known.has(z));
	if (unknown !== undefined) throw new ApiError(400, 'zone.not-found', `There is no zone ${unknown}.`, { zoneId: unknown });
	return json({ username: user.username, zones: await app.userZones.setZones(user.id, zones as number[], writeContext(event).author) });
});
