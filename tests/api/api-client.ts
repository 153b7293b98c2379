/**
 * A small HTTP client for the API tests: every call returns the status, headers and the body
 * (parsed when it is JSON), so a test reads like the exchange it checks.
 */
import { expect } from 'vitest';

export const COLLECTIONS = ['bins', 'collection-points', 'drains', 'display-boards', 'bait-stations', 'shops', 'hotspots', 'road-segments', 'vector-surveys', 'vector-activities', 'zones'] as const;

export interface ApiResponse<T = any> {
	status: number;
	headers: Headers;
	body: T;
	/** The raw body text, for bodies that are not JSON. */
	text: string;
}

const JSON_TYPE = { 'content-type': 'application/json' };

/**
 * `token`: a bearer token (`server.login()`, `server.createUser(…).token`) sent as
 * `Authorization: Bearer <token>` with every request; without one the client is anonymous.
 */
export function apiClient(baseUrl: string, token?: string) {
	const auth: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
	async function send<T = any>(method: string, path: string, init: { body?: BodyInit; headers?: Record<string, string> } = {}): Promise<ApiResponse<T>> {
		const res = await fetch(baseUrl + path, { method, body: init.body, headers: { ...auth, ...init.headers }, ...(init.body instanceof ReadableStream ? { duplex: 'half' } : {}) } as RequestInit);
		const text = await res.text();
		let body: any = text;
		if (/json/.test(res.headers.get('content-type') ?? '')) body = JSON.parse(text);
		return { status: res.status, headers: res.headers, body, text };
	}
	const jsonBody = (body: unknown) => (typeof body === 'string' ? body : JSON.stringify(body));
	return {
		send,
		get: <T = any>(path: string, headers?: Record<string, string>) => send<T>('GET', path, { headers }),
		post: <T = any>(path: string, body: unknown, headers: Record<string, string> = {}) =>
			send<T>('POST', path, { body: jsonBody(body), headers: { ...JSON_TYPE, ...headers } }),
		patch: <T = any>(path: string, body: unknown, headers: Record<string, string> = {}) =>
			send<T>('PATCH', path, { body: jsonBody(body), headers: { ...JSON_TYPE, ...headers } }),
		del: <T = any>(path: string, headers: Record<string, string> = {}) => send<T>('DELETE', path, { headers }),

		/** Creates a feature and returns it (with `changesetId`); fails the test if the server refuses. */
		async create(collection: string, geometry: unknown, properties?: Record<string, unknown>) {
			const res = await send('POST', `/api/collections/${collection}/items`, {
				body: JSON.stringify({ type: 'Feature', geometry, ...(properties ? { properties } : {}) }),
				headers: JSON_TYPE
			});
			expect(res.status, res.text).toBe(201);
			return res.body as ApiFeature;
		},

		/**
		 * Everything a client can read about the stored data: every layer's items and the edit
		 * history. Two snapshots are equal when nothing was stored, changed or deleted in between.
		 */
		async snapshot() {
			const layers: Record<string, unknown> = {};
			for (const c of COLLECTIONS) {
				const res = await send('GET', `/api/collections/${c}/items?limit=10000`);
				expect(res.status).toBe(200);
				layers[c] = { numberMatched: res.body.numberMatched, features: res.body.features };
			}
			const changesets = await send('GET', '/api/changesets?limit=500');
			expect(changesets.status).toBe(200);
			return { layers, changesets: changesets.body.changesets };
		}
	};
}

export type ApiClient = ReturnType<typeof apiClient>;

export interface ApiFeature {
	type: 'Feature';
	id: number;
	geometry: { type: string; coordinates: any };
	properties: Record<string, unknown>;
	version: number;
	collection: string;
	changesetId?: number;
}

export const point = (lon: number, lat: number) => ({ type: 'Point', coordinates: [lon, lat] });
export const line = (...coords: [number, number][]) => ({ type: 'LineString', coordinates: coords });

/** The API's error shape: a 4xx with a stable `code` and a message a person can act on. */
export function expectApiError(res: ApiResponse, status: number, code: string) {
	expect(res.status, res.text).toBe(status);
	expect(res.headers.get('content-type')).toMatch(/^application\/json/);
	expect(res.body.code).toBe(code);
	expect(typeof res.body.message).toBe('string');
	// Readable: a sentence, not an object dump or a stack trace.
	expect(res.body.message.length).toBeGreaterThan(10);
	expect(res.body.message).not.toMatch(/\[object |undefined|^\s*at |Error:/);
}
