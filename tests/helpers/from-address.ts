/**
 * An HTTP request sent from a chosen local address (any of 127.0.0.0/8 on Linux), so a test can
 * play several clients that the server tells apart by address, as it does behind no proxy.
 */
import { request } from 'node:http';

export interface AddressedResponse {
	status: number;
	headers: Record<string, string | string[] | undefined>;
	body: Buffer;
}

export function fetchFrom(localAddress: string, url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<AddressedResponse> {
	return new Promise((resolve, reject) => {
		const req = request(url, { method: init.method ?? 'GET', headers: init.headers, localAddress }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (c: Buffer) => chunks.push(c));
			res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
			res.on('error', reject);
		});
		req.on('error', reject);
		req.end(init.body);
	});
}
