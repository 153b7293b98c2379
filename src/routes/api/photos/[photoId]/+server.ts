import { getApp } from '$lib/server/app';
import { readFileSync } from 'node:fs';
import { api } from '$lib/server/http/handle';
import { ApiError } from '$lib/server/http/api-error';
import { can } from '$lib/server/auth/permissions';

/** A stored photo. Photos never change once stored, so they are cached for a year. */
export const GET = api(async ({ params, request, locals }) => {
	const photo = /^[0-9a-f-]{36}$/.test(params.photoId ?? '') ? await getApp().photos.get(params.photoId!) : undefined;
	// A photo of a report marked as spam is shown to managers only.
	const hidden = photo !== undefined && (await getApp().publicReports.isPhotoHidden(photo.id)) && !(locals.user && can(locals.user.role, 'moderate:reports'));
	if (!photo || hidden) throw new ApiError(404, 'photo.not-found', `There is no photo "${params.photoId}".`);
	const etag = `"${photo.sha256}"`;
	const headers = {
		'content-type': photo.contentType,
		'x-content-type-options': 'nosniff',
		'content-disposition': 'inline',
		'cache-control': 'public, max-age=31536000, immutable',
		etag
	};
	if (request.headers.get('if-none-match') === etag) return new Response(null, { status: 304, headers });
	return new Response(readFileSync(photo.file), { headers: { ...headers, 'content-length': String(photo.bytes) } });
});
