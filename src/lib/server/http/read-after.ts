/**
 * Read-your-writes across a streaming replica (store/read-your-writes.ts): the newest changeset a
 * person wrote travels with them, so that their next reads, on this app server or another, wait
 * for nothing and miss nothing. A browser carries it in a cookie; an API client may send it back
 * as the `Sanimap-Read-After` header (every write answers with it); and a signed-in session keeps
 * it in its stored row, which every app server reads from the primary as it signs a request in.
 */
import type { RequestEvent } from '@sveltejs/kit';
import type { RequestSession } from '../auth/auth-user';
import type { SessionStore } from '../auth/sessions';

export const READ_AFTER_COOKIE = 'sanimap_read_after';
export const READ_AFTER_HEADER = 'sanimap-read-after';
/** Long enough for any replica lag worth serving reads from. */
const READ_AFTER_MAX_AGE_S = 600;

const changesetId = (raw: string | null | undefined): number => (raw && /^\d{1,15}$/.test(raw) ? Number(raw) : 0);

/** The changeset this request's reads must include: 0 when its sender wrote nothing lately. */
export function readAfterOf(event: RequestEvent, session: RequestSession | null | undefined): number {
	return Math.max(changesetId(event.cookies.get(READ_AFTER_COOKIE)), changesetId(event.request.headers.get(READ_AFTER_HEADER)), session?.readAfter ?? 0);
}

/**
 * After a request that wrote changeset `id`: the session's row keeps it (before the answer
 * leaves, so no next request can outrun it), and the response carries it.
 */
export async function rememberWrite(response: Response, event: RequestEvent, sessions: SessionStore, session: RequestSession | null | undefined, id: number): Promise<Response> {
	if (session) await sessions.rememberWrite(session.id, id);
	const secure = event.url.protocol === 'https:' ? '; Secure' : '';
	const headers = new Headers(response.headers);
	headers.append('set-cookie', `${READ_AFTER_COOKIE}=${id}; Path=/; Max-Age=${READ_AFTER_MAX_AGE_S}; HttpOnly; SameSite=Lax${secure}`);
	headers.set(READ_AFTER_HEADER, String(id));
	return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
