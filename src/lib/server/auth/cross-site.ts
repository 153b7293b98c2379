/**
 * Cross-site request forgery protection for every write, JSON and form alike. SvelteKit's own
 * origin check covers only form content types (and answers in plain text), so a page elsewhere
 * could still POST `text/plain` JSON, or a DELETE, with the user's cookie. Here a write must
 * prove it comes from our own pages:
 *
 * - signed in by a valid `Authorization: Bearer …` token: exempt; browsers never attach it on
 *   their own, so only a script that holds the token can send it. A header that only looks like
 *   one (`Bearer a b`, an unknown token) exempts nothing: the cookie beside it would be what signs
 *   the request in.
 * - `Origin` present: it must be the app's origin.
 * - no `Origin`, `Sec-Fetch-Site` present: it must be `same-origin`.
 * - neither: refused when a session cookie would authenticate it (every browser that still
 *   sends cookies sends one of the two headers on a write); scripts without cookies pass, and
 *   meet the 401 of the permission check on anything protected.
 */
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function crossSiteWriteRefusal(request: Request, appOrigin: string, hasSessionCookie: boolean, signedInByToken: boolean): string | null {
	if (!UNSAFE.has(request.method.toUpperCase())) return null;
	if (signedInByToken) return null;
	const origin = request.headers.get('origin');
	if (origin !== null) {
		return origin === appOrigin ? null : `Cross-site write refused: this request comes from ${origin}, not from ${appOrigin}.`;
	}
	const fetchSite = request.headers.get('sec-fetch-site');
	if (fetchSite !== null) {
		return fetchSite === 'same-origin' ? null : `Cross-site write refused: the browser says this request is ${fetchSite}.`;
	}
	if (hasSessionCookie) {
		return 'Cross-site write refused: a write with a session cookie must come from the app (no Origin header was sent). Scripts should use a Bearer token.';
	}
	return null;
}
