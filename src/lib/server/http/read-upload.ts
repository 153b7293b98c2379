import { ApiError } from './api-error';

/**
 * Reads an uploaded file: the raw request body (`?filename=` names it), or the first file of a
 * multipart form. Refused with 413 as soon as it passes `maxBytes`: by Content-Length before a
 * byte is read, or while streaming when no length is declared, so a huge upload is never held.
 */
export async function readUpload(request: Request, url: URL, maxBytes: number): Promise<{ bytes: Uint8Array; filename: string }> {
	const tooLarge = () =>
		new ApiError(413, 'upload.too-large', `The file is larger than the limit of ${maxBytes} bytes (SANIMAP_MAX_UPLOAD_BYTES). Split it, or ask the administrator to raise the limit.`, {
			limitBytes: maxBytes
		});
	const declared = Number(request.headers.get('content-length'));
	if (Number.isFinite(declared) && declared > maxBytes) {
		// Drain what the client is still sending so it reads this answer rather than a reset.
		if (request.body && !request.body.locked) void discard(request.body.getReader());
		throw tooLarge();
	}
	if (!request.body) throw new ApiError(400, 'upload.missing', 'Send the file as the request body, with a Content-Type header (application/octet-stream will do).');
	const reader = request.body.getReader();
	const chunks: Uint8Array[] = [];
	let size = 0;
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		size += value.byteLength;
		if (size > maxBytes) {
			void discard(reader);
			throw tooLarge();
		}
		chunks.push(value);
	}
	const bytes = new Uint8Array(Buffer.concat(chunks));
	const contentType = request.headers.get('content-type') ?? '';
	if (/^multipart\/form-data/i.test(contentType)) {
		let form: FormData;
		try {
			form = await new Response(bytes, { headers: { 'content-type': contentType } }).formData();
		} catch {
			throw new ApiError(400, 'upload.malformed', 'The multipart form could not be read.');
		}
		const file = [...form.values()].find((v): v is File => typeof v === 'object' && v !== null && 'arrayBuffer' in v);
		if (!file) throw new ApiError(400, 'upload.missing', 'The form has no file field.');
		return { bytes: new Uint8Array(await file.arrayBuffer()), filename: file.name || url.searchParams.get('filename') || 'upload' };
	}
	return { bytes, filename: (url.searchParams.get('filename') ?? 'upload').slice(0, 200) };
}

async function discard(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
	try {
		while (!(await reader.read()).done);
	} catch {
		// The client went away.
	}
}
