/** A printed PDF as a download: never cached by the browser, and whether the server's own cache answered. */
export function pdfResponse(pdf: Uint8Array | Buffer, cached: boolean, filename: string): Response {
	return new Response(new Uint8Array(pdf), {
		headers: {
			'content-type': 'application/pdf',
			'content-disposition': `attachment; filename="${filename}"`,
			'cache-control': 'no-store',
			'x-sanimap-cache': cached ? 'hit' : 'miss'
		}
	});
}
