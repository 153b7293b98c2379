import { ApiError } from './api-error';
import { readWithinLimit, refuseDeclaredOversize } from '../limited-body';

/**
 * Reads a JSON request body, refusing it as soon as it passes `maxBytes` (by Content-Length up
 * front, or while streaming when the length is not declared), so an oversized upload is never
 * held in memory whole.
 */
export async function readJsonBody(request: Request, maxBytes: number): Promise<unknown> {
	const tooLarge = () =>
		new ApiError(413, 'body.too-large', `The request body is larger than the limit of ${maxBytes} bytes (SANIMAP_MAX_BODY_BYTES).`, { limitBytes: maxBytes });
	refuseDeclaredOversize(request, maxBytes, tooLarge);
	const contentType = request.headers.get('content-type') ?? '';
	if (!/^application\/(geo\+)?json\b/i.test(contentType) && !/^application\/merge-patch\+json\b/i.test(contentType)) {
		throw new ApiError(415, 'body.content-type', 'Send the body as JSON with Content-Type: application/json.');
	}
	if (!request.body) throw new ApiError(400, 'body.missing', 'The request has no body; send a JSON document.');
	const bytes = await readWithinLimit(request.body, maxBytes, tooLarge);
	const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
	try {
		return JSON.parse(text);
	} catch (e) {
		throw new ApiError(400, 'json.malformed', `The body is not valid JSON: ${(e as Error).message}`);
	}
}

