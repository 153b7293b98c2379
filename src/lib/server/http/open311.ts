/**
 * The HTTP side of Open311 GeoReport v2: a resource's format from its name (`requests.json`,
 * `services/exposed-rubbish.xml`), the answer as JSON or the spec's XML with its content types,
 * and every refusal in the spec's error format (`[{ code, description }]`, `<errors><error>…`).
 */
import type { RequestEvent } from '@sveltejs/kit';
import { ApiError } from './api-error';
import { toApiError } from './handle';
import { readWithinLimit, refuseDeclaredOversize } from '../limited-body';
import type { Format, Locale } from '../services/open311/georeport';
import { requestLocale } from './request-locale';
import { toXml } from '../services/open311/xml';
import { storageError } from './storage-errors';

/** The largest POST of a request the server reads (form fields only; photos are not posted here). */
export const MAX_OPEN311_BODY_BYTES = 64 * 1024;

/** The spec's error: an HTTP status and, in the body, `[{ code, description }]`. */
export class Open311Error extends Error {
	constructor(
		readonly status: number,
		readonly description: string,
		readonly retryAfter?: number
	) {
		super(description);
	}
}

/** The language of an Open311 answer: `?locale=`, else the browser's, else Chinese. */
export const localeOf = (url: URL, request: Request): Locale => requestLocale(request, undefined, url.searchParams.get('locale'), 'zh');

/** `name.json` / `name.xml` → the name and the format; anything else is a 404 in XML. */
export function splitFormat(file: string | undefined): { name: string; format: Format } {
	const m = /^(.+)\.(json|xml)$/.exec(file ?? '');
	if (!m) throw new Open311Error(404, `${file ?? ''} was not found: name the resource with .json or .xml.`);
	return { name: m[1], format: m[2] as Format };
}

export function open311Answer(format: Format, root: string, value: unknown, status = 200, headers: Record<string, string> = {}): Response {
	const body = format === 'json' ? JSON.stringify(value) : toXml(root, value);
	return new Response(body, {
		status,
		headers: { 'content-type': format === 'json' ? 'application/json; charset=utf-8' : 'text/xml; charset=utf-8', 'cache-control': 'no-store', ...headers }
	});
}

/** Runs a handler; its refusals (and the services' and the app's own) answer in the spec's error format. */
export function open311<E extends RequestEvent>(handler: (event: E, format: Format) => Promise<Response>) {
	return async (event: E): Promise<Response> => {
		const file = (event.params as Record<string, string | undefined>).file;
		const format: Format = /\.json$/.test(file ?? '') ? 'json' : 'xml';
		try {
			return await handler(event, format);
		} catch (e) {
			let error: Open311Error | null = null;
			if (e instanceof Open311Error) error = e;
			const known = error ? null : toApiError(e);
			if (known) {
				const retryAfter = (known.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
				error = new Open311Error(known.status === 404 || known.status === 403 || known.status === 429 || known.status === 413 ? known.status : 400, known.message, retryAfter);
			}
			else if (!error && storageError(e)) error = new Open311Error(503, 'The server cannot store anything just now; try again in a minute.', 60);
			if (!error) throw e;
			const headers: Record<string, string> = error.retryAfter ? { 'retry-after': String(error.retryAfter) } : {};
			return open311Answer(format, 'errors', [{ code: error.status, description: error.description }], error.status, headers);
		}
	};
}

/** The POSTed form (`application/x-www-form-urlencoded`, as the spec sends it), within its size limit. */
export async function readForm(request: Request): Promise<URLSearchParams> {
	const tooLarge = () => new ApiError(413, 'body.too-large', `The request is larger than ${MAX_OPEN311_BODY_BYTES} bytes.`);
	refuseDeclaredOversize(request, MAX_OPEN311_BODY_BYTES, tooLarge);
	const type = (request.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
	if (type !== 'application/x-www-form-urlencoded') throw new Open311Error(400, 'Send the request as application/x-www-form-urlencoded, as GeoReport v2 says.');
	const bytes = request.body ? await readWithinLimit(request.body, MAX_OPEN311_BODY_BYTES, tooLarge) : Buffer.alloc(0);
	return new URLSearchParams(bytes.toString('utf8'));
}
