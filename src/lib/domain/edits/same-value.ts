import equal from 'fast-deep-equal';

/**
 * Whether two field values are the same value: by content, not identity, so a list or a geometry
 * sent again unchanged is not a change. An absent field and one set to null are the same.
 */
export function sameValue(a: unknown, b: unknown): boolean {
	return equal(a ?? null, b ?? null);
}
