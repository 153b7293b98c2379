/** Sends one resolved outbox request with fetch and sorts the answer into ok, refused or offline. */
import type { ResolvedRequest, SendOutcome } from './outbox';

export async function sendOverFetch(request: ResolvedRequest): Promise<SendOutcome> {
	let response: Response;
	try {
		response = await fetch(request.url, { method: request.method, headers: request.headers, body: request.body, credentials: 'same-origin' });
	} catch {
		return { kind: 'offline' };
	}
	const body = await response.json().catch(() => null);
	if (response.ok) return { kind: 'ok', status: response.status, body };
	return {
		kind: 'refused',
		error: { status: response.status, code: body?.code ?? 'http', message: body?.message ?? `HTTP ${response.status}`, details: body?.details }
	};
}
