/**
 * Freezes a parsed JSON value all the way down. Layers read once and shared between requests are
 * frozen so that no caller can change them for the next; the analyses' tests freeze their fixtures
 * so that a function which mutates its input fails there.
 */
export function deepFreeze<T>(value: T): T {
	if (value && typeof value === 'object' && !Object.isFrozen(value)) {
		Object.freeze(value);
		for (const v of Object.values(value)) deepFreeze(v);
	}
	return value;
}
