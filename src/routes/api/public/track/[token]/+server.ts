import { getApp } from '$lib/server/app';
import { json } from '@sveltejs/kit';
import { api } from '$lib/server/http/handle';

/** What became of a report, for whoever holds its tracking token: status, and the resolution once verified. */
export const GET = api(async ({ params }) => json(await getApp().publicReports.track(params.token ?? ''), { headers: { 'cache-control': 'no-store' } }));
