/**
 * Where to go after signing in: only a path on this site, never another site. The target is read
 * with the URL parser against the app's own origin, as a browser will read the Location header,
 * and kept only when it resolves to that origin: `//evil`, `/\evil` and `/<TAB>/evil` (the parser
 * drops tabs and newlines, leaving `//evil`) all name another host. Control characters and
 * anything outside Latin-1 cannot go in a header at all; such a target, like a path back to the
 * sign-in pages, gives the map instead.
 */
const DEFAULT_TARGET = '/';
// eslint-disable-next-line no-control-regex
const NOT_FOR_A_HEADER = /[\u0000-\u001f\u007f-\u009f\u0100-\uffff]/;

export function safeNext(raw: string | null | undefined, appOrigin: string): string {
	if (!raw || !raw.startsWith('/') || NOT_FOR_A_HEADER.test(raw)) return DEFAULT_TARGET;
	let target: URL;
	try {
		target = new URL(raw, appOrigin);
	} catch {
		return DEFAULT_TARGET;
	}
	if (target.origin !== new URL(appOrigin).origin) return DEFAULT_TARGET;
	if (target.pathname === '/login' || target.pathname.startsWith('/login/') || target.pathname === '/logout' || target.pathname.startsWith('/logout/')) return DEFAULT_TARGET;
	return target.pathname + target.search + target.hash;
}
