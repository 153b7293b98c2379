/**
 * The project's time zone: the IANA name every period and every date shown is cut in
 * (DESIGN.md §4: "Periods are cut in the project's time zone").
 */

/** What a project uses unless it sets SANIMAP_TIME_ZONE: the campaigns sanimap serves are in China. */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

/**
 * Whether `name` is an IANA time zone name this JavaScript engine knows (Intl's own check). Fixed
 * offsets such as "+08:00", which newer engines also accept, are refused: an offset has no
 * daylight-saving rules, so it is not the zone of a place.
 */
export function isTimeZone(name: string): boolean {
	if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(name)) return false;
	try {
		new Intl.DateTimeFormat('en', { timeZone: name });
		return true;
	} catch {
		return false;
	}
}
