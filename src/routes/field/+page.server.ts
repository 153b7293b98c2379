import { redirect } from '@sveltejs/kit';
import { config } from '$lib/server/config';

/** Field mode is for field staff making edits: it needs a signed-in user. */
export const load = ({ locals, url }) => {
	if (!locals.user) redirect(303, `/login?next=${encodeURIComponent(url.pathname + url.search)}`);
	return { basemap: { url: config.basemapUrl, attribution: config.basemapAttribution } };
};
