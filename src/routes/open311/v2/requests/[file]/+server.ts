import { getApp } from '$lib/server/app';
import { localeOf, open311, open311Answer, splitFormat } from '$lib/server/http/open311';

/** Open311 GeoReport v2: one service request (a hotspot case) by its id. */
export const GET = open311(async (event, format) => {
	const { name } = splitFormat(event.params.file);
	const locale = localeOf(event.url, event.request);
	return open311Answer(format, 'service_requests', await getApp().georeport.request(name, locale, event.url.origin));
});
