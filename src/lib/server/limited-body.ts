/**
 * Reading a request body under a size limit, for JSON, uploads and photos alike: refused by
 * Content-Length before a byte is read, or while streaming when no length is declared, so an
 * oversized body is never held in memory whole.
 *
 * The rest of a refused body is read off the wire and dropped rather than cancelled: adapter-node
 * cancels by destroying the socket, so the client, still uploading, would get a connection reset
 * instead of our 413. The adapter's BODY_SIZE_LIMIT still ends an endless upload.
 */
export function refuseDeclaredOversize(request: Request, maxBytes: number, tooLarge: () => Error): void {
	const declared = Number(request.headers.get('content-length'));
	if (Number.isFinite(declared) && declared > maxBytes) {
		if (request.body && !request.body.locked) void discardRest(request.body.getReader());
		throw tooLarge();
	}
}

export async function readWithinLimit(body: ReadableStream<Uint8Array>, maxBytes: number, tooLarge: () => Error): Promise<Buffer> {
	const reader = body.getReader();
	const chunks: Uint8Array[] = [];
	let size = 0;
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		size += value.byteLength;
		if (size > maxBytes) {
			void discardRest(reader);
			throw tooLarge();
		}
		chunks.push(value);
	}
	return Buffer.concat(chunks);
}

async function discardRest(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
	try {
		while (!(await reader.read()).done);
	} catch {
		// The client went away; nothing left to drain.
	}
}
