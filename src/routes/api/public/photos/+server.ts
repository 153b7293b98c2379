import { getApp } from '$lib/server/app';
import { json } from '@sveltejs/kit';
import { api } from '$lib/server/http/handle';
import { readPhotoBody } from '$lib/server/services/hotspots/photos';

/**
 * A resident's photo for a public report, without an account: the same checks as POST /api/photos
 * (type from the bytes, size limit, re-encoded without its metadata), at most 30 per address an hour.
 */
export const POST = api(async (event) => {
	const { photos, publicReports } = getApp();
	publicReports.admitPhoto(event.getClientAddress());
	const bytes = await readPhotoBody(event.request, photos.maxBytes);
	const record = await photos.store(bytes, { contentType: event.request.headers.get('content-type'), filename: null, author: 'resident' });
	return json({ id: record.id, url: record.url }, { status: 201 });
});
