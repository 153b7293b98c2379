import { ApiError } from './api-error';

/**
 * Reads a JSON request body, refusing it as soon as it passes `maxBytes` (by Content-Length up
 * front, or while streaming when the length is not declared), so an oversized upload is never
 * held in memory whole.
 */
export async function readJsonBody(request: Request, maxBytes: number): Promise<unknown> {
	const tooLarge = () =>
		new ApiError(413, 'body.too-large', `The request body is larger than the limit of ${maxBytes} bytes (SANIMAP_MAX_BODY_BYTES).`, { limitBytes: maxBytes });
	const declared = Number(request.headers.get('content-length'));
	if (Number.isFinite(declared) && declared > maxBytes) {
		// Read the body off the wire and drop it, so the client, still uploading, gets this answer
		// rather than a stalled upload and a connection reset.
		if (request.body && !request.body.locked) void discardRest(request.body.getReader());
		throw tooLarge();
	}
	const contentType = request.headers.get('content-type') ?? '';
	if (!/^application\/(geo\+)?json\b/i.test(contentType) && !/^application\/merge-patch\+json\b/i.test(contentType)) {
		throw new ApiError(415, 'body.content-type', 'Send the body as JSON with Content-Type: application/json.');
	}
	if (!request.body) throw new ApiError(400, 'body.missing', 'The request has no body; send a JSON document.');
	const reader = request.body.getReader();
	const chunks: Uint8Array[] = [];
	let size = 0;
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		size += value.byteLength;
		if (size > maxBytes) {
			// Not reader.cancel(): adapter-node cancels by destroying the socket, so the caller would
			// get a connection reset instead of this 413. Drop the rest as it arrives instead; the
			// adapter's BODY_SIZE_LIMIT still ends an endless upload.
			void discardRest(reader);
			throw tooLarge();
		}
		chunks.push(value);
	}
	const text = new TextDecoder('utf-8', { fatal: false }).decode(Buffer.concat(chunks));
	try {
		return JSON.parse(text);
	} catch (e) {
		throw new ApiError(400, 'json.malformed', `The body is not valid JSON: ${(e as Error).message}`);
	}
}

async function discardRest(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
	try {
		while (!(await reader.read()).done);
	} catch {
		// The client went away; nothing to drain.
	}
}
