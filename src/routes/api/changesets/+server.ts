import { json } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { ApiError } from '$lib/server/http/api-error';
import { api } from '$lib/server/http/handle';

const whole = (raw: string | null, name: string): number | undefined => {
	if (raw === null) return undefined;
	const n = Number(raw);
	if (!Number.isSafeInteger(n) || n < 0) throw new ApiError(400, `query.${name}`, `${name} must be a whole number.`);
	return n;
};

export const GET = api(async ({ url }) => {
	const p = url.searchParams;
	const limit = Math.min(whole(p.get('limit'), 'limit') ?? 50, 500);
	const changesets = await getApp().changesets.list({
		limit,
		before: whole(p.get('before'), 'before'),
		featureId: whole(p.get('featureId'), 'featureId'),
		author: p.get('author') ?? undefined
	});
	return json({ changesets });
});
