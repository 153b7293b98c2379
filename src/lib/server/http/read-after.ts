/**
 * Read-your-writes across a streaming replica (store/read-your-writes.ts): the newest changeset a
 * person wrote travels with them, so that their next reads, on this app server or another, wait
 * for nothing and miss nothing. A browser carries it in a cookie; an API client may send it back
 * as the `Sanimap-Read-After` header (every write answers with it); and each server remembers it
 * per session.
 */
import type { RequestEvent } from '@sveltejs/kit';

export const READ_AFTER_COOKIE = 'sanimap_read_after';
export const READ_AFTER_HEADER = 'sanimap-read-after';
/** Long enough for any replica lag worth serving reads from. */
const READ_AFTER_MAX_AGE_S = 600;
const REMEMBERED_SESSIONS = 10_000;

const bySession = new Map<string, number>();

const changesetId = (raw: string | null | undefined): number => (raw && /^\d{1,15}$/.test(raw) ? Number(raw) : 0);

/** The changeset this request's reads must include: 0 when its sender wrote nothing lately. */
export function readAfterOf(event: RequestEvent, sessionId: string | undefined): number {
	return Math.max(changesetId(event.cookies.get(READ_AFTER_COOKIE)), changesetId(event.request.headers.get(READ_AFTER_HEADER)), (sessionId && bySession.get(sessionId)) || 0);
}

/** After a request that wrote changeset `id`: the response carries it, and the session keeps it. */
export function rememberWrite(response: Response, event: RequestEvent, sessionId: string | undefined, id: number): Response {
	if (sessionId) {
		bySession.delete(sessionId);
		bySession.set(sessionId, id);
		if (bySession.size > REMEMBERED_SESSIONS) bySession.delete(bySession.keys().next().value!);
	}
	const secure = event.url.protocol === 'https:' ? '; Secure' : '';
	const headers = new Headers(response.headers);
	headers.append('set-cookie', `${READ_AFTER_COOKIE}=${id}; Path=/; Max-Age=${READ_AFTER_MAX_AGE_S}; HttpOnly; SameSite=Lax${secure}`);
	headers.set(READ_AFTER_HEADER, String(id));
	return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
