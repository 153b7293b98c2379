import { getApp } from '$lib/server/app';
import { open311, open311Answer, splitFormat } from '$lib/server/http/open311';

/** Open311 GeoReport v2: the service request a tracking token (from /report-issue) belongs to. */
export const GET = open311(async (event, format) => {
	const { name } = splitFormat(event.params.file);
	return open311Answer(format, 'service_requests', await getApp().georeport.token(name));
});
