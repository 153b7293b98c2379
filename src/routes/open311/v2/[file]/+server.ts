import { getApp } from '$lib/server/app';
import { localeOf, open311, open311Answer, Open311Error, readForm, splitFormat } from '$lib/server/http/open311';

/**
 * Open311 GeoReport v2: `discovery`, `services` and `requests` (GET with the spec's filters;
 * POST with an api_key), each as `.json` or `.xml`.
 */
export const GET = open311(async (event, format) => {
	const { name } = splitFormat(event.params.file);
	const { georeport } = getApp();
	const locale = localeOf(event.url, event.request);
	if (name === 'discovery') return open311Answer(format, 'discovery', georeport.discovery(event.url.origin));
	if (name === 'services') return open311Answer(format, 'services', georeport.services(locale));
	if (name === 'requests') return open311Answer(format, 'service_requests', await georeport.requests(event.url.searchParams, locale, event.url.origin));
	throw new Open311Error(404, `${event.params.file} was not found.`);
});

export const POST = open311(async (event, format) => {
	const { name } = splitFormat(event.params.file);
	if (name !== 'requests') throw new Open311Error(404, `${event.params.file} does not take a POST.`);
	const form = await readForm(event.request);
	if (!form.get('api_key') && event.url.searchParams.get('api_key')) form.set('api_key', event.url.searchParams.get('api_key')!);
	const locale = localeOf(event.url, event.request);
	const answer = await getApp().georeport.post(form, event.getClientAddress(), locale);
	return open311Answer(format, 'service_requests', answer, 201);
});
