import { config } from '$lib/server/config';

export const load = () => ({
	basemap: { url: config.basemapUrl, attribution: config.basemapAttribution }
});
