import { json } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { api } from '$lib/server/http/handle';

/** `?period=week|month|quarter&at=YYYY-MM-DD[&parent=<zoneId>]`: the ranking board (评比) of that period. */
export const GET = api(async ({ url }) => json(await getApp().inspections.ranking(url.searchParams), { headers: { 'cache-control': 'no-store' } }));
