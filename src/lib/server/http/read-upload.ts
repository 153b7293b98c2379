import { ApiError } from './api-error';
import { readWithinLimit, refuseDeclaredOversize } from '../limited-body';

/**
 * Reads an uploaded file: the raw request body (`?filename=` names it), or the first file of a
 * multipart form. Refused with 413 as soon as it passes `maxBytes`: by Content-Length before a
 * byte is read, or while streaming when no length is declared, so a huge upload is never held.
 */
export async function readUpload(request: Request, url: URL, maxBytes: number): Promise<{ bytes: Uint8Array; filename: string }> {
	const tooLarge = () =>
		new ApiError(413, 'upload.too-large', `The file is larger than the limit of ${maxBytes} bytes (SANIMAP_MAX_UPLOAD_BYTES). Split it, or ask the administrator to raise the limit.`, {
			limitBytes: maxBytes
		}, { limit: maxBytes });
	refuseDeclaredOversize(request, maxBytes, tooLarge);
	if (!request.body) throw new ApiError(400, 'upload.missing', 'Send the file as the request body, with a Content-Type header (application/octet-stream will do).');
	const bytes = new Uint8Array(await readWithinLimit(request.body, maxBytes, tooLarge));
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

