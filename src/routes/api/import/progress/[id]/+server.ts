import { getApp } from '$lib/server/app';
import { json } from '@sveltejs/kit';
import { requirePermission } from '$lib/server/auth';
import { api } from '$lib/server/http/handle';

/**
 * How far the caller's import request named `?progress=<id>` has got: `{ phase, done, total }`,
 * phase parse | check | commit | done | failed (`total` 0: not known yet). An id the server does
 * not know (the request has not reached it yet, it ended some minutes ago, or it is someone
 * else's) answers phase "waiting", so that a page may start asking as soon as it sends.
 */
export const GET = api(async (event) => {
	const user = requirePermission(event, 'import');
	const progress = getApp().importProgress.get(user.username, event.params.id ?? '') ?? { phase: 'waiting', done: 0, total: 0 };
	return json(progress, { headers: { 'cache-control': 'no-store' } });
});
