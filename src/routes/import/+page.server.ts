import { config } from '$lib/server/config';

/** The preview map draws the same basemap as the map page (offline by default). */
export const load = () => ({ basemap: { url: config.basemapUrl, attribution: config.basemapAttribution } });
