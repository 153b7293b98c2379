/**
 * A clock that starts at a given instant and runs on with another clock: the server's clock when
 * SANIMAP_NOW pins its start, and the browser's copy of the server's clock (so a page's "today" is
 * the server's, whatever the phone's own clock says). Time keeps running, so sessions expire and
 * throttles reset as they would; only the starting point moves.
 */
export function offsetClock(startsAt: number, runsWith: () => number = Date.now): () => number {
	const offset = startsAt - runsWith();
	return () => runsWith() + offset;
}
