/**
 * A page of an analysis's features for a map's view (the uncovered buildings, the gap stretches):
 * a city's all run to tens of megabytes, so the map asks for those of its view, at most a limit,
 * and is told how many there are.
 */
export interface ViewPageRequest {
	/** Only features whose box meets this one: minLon, minLat, maxLon, maxLat. */
	bbox?: [number, number, number, number];
	/** The most features in the answer. */
	limit: number;
}

/** The first `limit` of what matched, with how many matched and how many are returned. */
export function pageOf<T>(matched: T[], limit: number): { page: T[]; numberMatched: number; numberReturned: number } {
	const page = matched.length > limit ? matched.slice(0, limit) : matched;
	return { page, numberMatched: matched.length, numberReturned: page.length };
}
