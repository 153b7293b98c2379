import { text, type Handle, type HandleServerError, type RequestEvent, type ServerInit } from '@sveltejs/kit';
import { KINDS } from '$lib/domain/kinds';
import { getApp, startApp } from '$lib/server/app';
import { writeSync } from 'node:fs';
import { config, settingProblems } from '$lib/server/config';
import { describeSettingProblems } from '$lib/server/settings/server-settings';
import { authConfig, SESSION_COOKIE } from '$lib/server/auth/auth-config';
import { authenticate } from '$lib/server/auth/authenticate';
import { crossSiteWriteRefusal } from '$lib/server/auth/cross-site';
import { ensureFirstAdmin } from '$lib/server/auth/first-admin';
import { ApiError, apiErrorOf, errorResponse } from '$lib/server/http/api-error';
import { allowBasemapOrigin } from '$lib/server/http/csp';
import { storageFailureResponse } from '$lib/server/http/handle';
import { storageError, STORAGE_RETRY_AFTER_S } from '$lib/server/http/storage-errors';
import { serverStopping } from '$lib/server/services/admission-queue';
import { open311Answer } from '$lib/server/http/open311';
import { answering, isStopping, stopOnSignals } from '$lib/server/shutdown';
import { describeTarget } from '$lib/server/store/target';
import { StoreOpenError } from '$lib/server/store/open-store';
import { raiseReadFloor, withReadFloor, writtenInThisRequest } from '$lib/server/store/read-your-writes';
import { readAfterOf, rememberWrite } from '$lib/server/http/read-after';
import { htmlLang, LOCALE_COOKIE, requestLocale } from '$lib/server/http/request-locale';

export const init: ServerInit = async () => {
	// First: a signal during the start (seeding, the first administrator) stops it too.
	stopOnSignals();
	// Before anything is opened or listened on (adapter-node awaits this before it listens): a
	// setting the app cannot use stops the start, naming it. Written synchronously, since the
	// process ends right after.
	if (settingProblems.length > 0) {
		writeSync(2, describeSettingProblems(settingProblems));
		process.exit(1);
	}
	await startApp().catch((error: unknown) => {
		if (!(error instanceof StoreOpenError)) throw error;
		writeSync(2, `${error.message}\n`);
		process.exit(1);
	});
	console.log(`sanimap: database ${describeTarget(config.database)}`);
	await ensureFirstAdmin(getApp().auth, authConfig.adminPassword, (line) => console.log(line));
	// Big point layers' cluster indexes take seconds to build: start them now, off this thread.
	if (config.prebuildClusters) getApp().tiles.warmClusters(KINDS);
};

const isApiPath = (path: string) => path === '/api' || path.startsWith('/api/');

/** What an anonymous visitor may still reach when reads are private (SANIMAP_PUBLIC_READ=false). */
const isOpenWhenPrivate = (path: string) =>
	path === '/login' ||
	path === '/api/auth/login' ||
	path === '/api/auth/me' ||
	// Residents report without an account, and follow their report by its token, whatever the map's readers.
	path === '/report-issue' ||
	path.startsWith('/report-issue/track/') ||
	path.startsWith('/api/public/');

/** Sent with every answer: no content sniffing, and other sites learn at most our origin from a link. */
const SECURITY_HEADERS: Record<string, string> = {
	'x-content-type-options': 'nosniff',
	'referrer-policy': 'strict-origin-when-cross-origin'
};

export const handle: Handle = ({ event, resolve }) =>
	answering(async () => {
		const api = isApiPath(event.url.pathname);
		if (isStopping()) return withHeaders(api ? errorResponse(apiErrorOf(serverStopping())) : text('The server is stopping; try again in a moment.', { status: 503, headers: { 'retry-after': '5' } }), SECURITY_HEADERS);
		try {
			return withHeaders(await (config.readDatabase ? readingAfterWrites(event, resolve) : handleRequest(event, resolve)), SECURITY_HEADERS);
		} catch (e) {
			// A full or failing disk while signing the request in: 503 with a message, not a 500.
			const storage = storageFailureResponse(e, event, api);
			if (storage) return withHeaders(storage, SECURITY_HEADERS);
			throw e;
		}
	});

const handleRequest = async (event: RequestEvent, resolve: Parameters<Handle>[0]['resolve'], signedIn?: () => void): Promise<Response> => {
	const path = event.url.pathname;
	const api = isApiPath(path);
	const who = await authenticate(getApp().auth.sessions, event.request.headers.get('authorization'), event.cookies.get(SESSION_COOKIE));
	// Only a token that signs the request in exempts it from the origin check; a header that merely
	// looks like one leaves the cookie as what would authenticate it.
	const refusal = crossSiteWriteRefusal(event.request, event.url.origin, event.cookies.get(SESSION_COOKIE) !== undefined, !('error' in who) && who.session?.kind === 'token');
	if (refusal) return api ? errorResponse(new ApiError(403, 'csrf', refusal)) : text(refusal, { status: 403 });
	if ('error' in who) return errorResponse(who.error);
	event.locals.user = who.user;
	event.locals.session = who.session;
	if (who.staleCookie) event.cookies.delete(SESSION_COOKIE, { path: '/' });
	signedIn?.();

	// An Open311 POST carries its own credential (the api_key), checked by the endpoint.
	const keyedPost = event.request.method === 'POST' && /^\/open311\/v2\/requests\.(json|xml)$/.test(path);
	if (!authConfig.publicRead && !who.user && !isOpenWhenPrivate(path) && !keyedPost) return refuseAnonymous(event, api);

	// Pages are rendered in the reader's language from the first byte, not switched after hydration.
	event.locals.locale = requestLocale(event.request, event.cookies.get(LOCALE_COOKIE), event.url.searchParams.get('lang'));
	const lang = htmlLang(event.locals.locale);
	let response = await resolve(event, { transformPageChunk: ({ html }) => html.replace('%sanimap.lang%', lang) });
	// A page load, form action or endpoint outside api() met a storage failure: handleError gave
	// it the readable message; the status says "try again" (503 + Retry-After), not "bug" (500).
	if (event.locals.storageFailure && response.status === 500) response = withStatus(response, 503, { 'retry-after': String(STORAGE_RETRY_AFTER_S) });
	// The CSP of svelte.config.js, plus the online basemap's origin when one is configured.
	const csp = response.headers.get('content-security-policy');
	if (csp && config.basemapUrl) response.headers.set('content-security-policy', allowBasemapOrigin(csp, config.basemapUrl));
	return response;
};

/**
 * With a read replica: the request reads what its sender last wrote (store/read-your-writes.ts),
 * and a request that writes tells its sender which changeset to read after.
 */
async function readingAfterWrites(event: RequestEvent, resolve: Parameters<Handle>[0]['resolve']): Promise<Response> {
	// The session is known only once the request is signed in (inside handleRequest): the cookie
	// and header floors apply from the start, the session's from its first read.
	return withReadFloor(readAfterOf(event, undefined), async () => {
		const response = await handleRequest(event, resolve, () => raiseReadFloor(readAfterOf(event, event.locals.session)));
		const written = writtenInThisRequest();
		return written > 0 ? rememberWrite(response, event, getApp().auth.sessions, event.locals.session, written) : response;
	});
}

function refuseAnonymous(event: RequestEvent, api: boolean): Response {
	// Open311 clients are machines: the spec's error, not a sign-in page.
	if (event.url.pathname.startsWith('/open311/')) {
		const format = event.url.pathname.endsWith('.json') ? 'json' : 'xml';
		return open311Answer(format, 'errors', [{ code: 403, description: 'This server keeps its data private: its Open311 requests need a signed-in user.' }], 403);
	}
	if (api) return errorResponse(new ApiError(401, 'auth.required', 'This server keeps its data private: sign in, or send Authorization: Bearer <token> from POST /api/auth/login.'));
	return new Response(null, { status: 303, headers: { location: `/login?next=${encodeURIComponent(event.url.pathname + event.url.search)}` } });
}

/** The response with these headers; a response whose headers are immutable (a redirect) is copied. */
function withHeaders(response: Response, headers: Record<string, string>): Response {
	try {
		for (const [k, v] of Object.entries(headers)) response.headers.set(k, v);
		return response;
	} catch {
		return withStatus(response, response.status, headers);
	}
}

function withStatus(response: Response, status: number, extraHeaders: Record<string, string>): Response {
	const headers = new Headers(response.headers);
	for (const [k, v] of Object.entries(extraHeaders)) headers.set(k, v);
	return new Response(response.body, { status, statusText: '', headers });
}

export const handleError: HandleServerError = ({ error, event, status, message }) => {
	if (status === 404) return { message: 'Not found', code: 'not-found' };
	const storage = storageError(error);
	if (storage) {
		event.locals.storageFailure = true;
		console.error(`sanimap: ${event.request.method} ${event.url.pathname}: storage failure`, error);
		return { message: storage.message, code: storage.code };
	}
	console.error(`sanimap: ${event.request.method} ${event.url.pathname} failed:`, error);
	return { message: `Internal error (${message}). The server logged the details.`, code: 'internal' };
};
