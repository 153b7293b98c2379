import { json } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { api } from '$lib/server/http/handle';

/** `?at=YYYY-MM-DD`: each shop's latest frontage (门前三包) result, its fails this quarter, and the signed shops that failed twice. */
export const GET = api(async ({ url }) => json(await getApp().inspections.frontage(url.searchParams), { headers: { 'cache-control': 'no-store' } }));
