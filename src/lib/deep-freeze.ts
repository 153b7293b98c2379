/**
 * Freezes a parsed JSON value all the way down. Layers read once and shared between requests are
 * frozen so that no caller can change them for the next; the analyses' tests freeze their fixtures
 * so that a function which mutates its input fails there.
 */
export function deepFreeze<T>(value: T): T {
	if (value && typeof value === 'object' && !Object.isFrozen(value)) {
		Object.freeze(value);
		// Indexed and keyed loops, not Object.values: a city's buildings are millions of small
		// coordinate arrays, and an array of values made for each was most of the freezing time.
		if (Array.isArray(value)) {
			for (let i = 0; i < value.length; i++) if (typeof value[i] === 'object') deepFreeze(value[i]);
		} else {
			for (const key in value) deepFreeze((value as Record<string, unknown>)[key]);
		}
	}
	return value;
}
