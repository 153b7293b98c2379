import { getApp } from '$lib/server/app';
import { json } from '@sveltejs/kit';
import { api } from '$lib/server/http/handle';
import { writeContext } from '$lib/server/http/write-context';
import { requirePermission } from '$lib/server/auth/require-permission';
import { readPhotoBody } from '$lib/server/services/hotspots/photos';

/**
 * Uploads one photo: the image itself as the body, `Content-Type: image/jpeg|png|webp`, and
 * optionally `X-Filename` (percent-encoded) whose extension must match the content. Answers
 * `{ id, url, contentType, bytes, width, height }`; name the id in a report or a move.
 */
export const POST = api(async (event) => {
	requirePermission(event, 'edit', 'hotspot');
	const { photos } = getApp();
	const bytes = await readPhotoBody(event.request, photos.maxBytes);
	const rawName = event.request.headers.get('x-filename');
	let filename: string | null = null;
	if (rawName) {
		try {
			filename = decodeURIComponent(rawName);
		} catch {
			filename = rawName;
		}
	}
	const record = await photos.store(bytes, { contentType: event.request.headers.get('content-type'), filename, author: writeContext(event).author });
	return json(record, { status: 201, headers: { location: `${event.url.origin}${record.url}` } });
});
