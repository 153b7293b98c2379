/**
 * The values of an `attributes` field: named values kept as a file gave them (a feature's source
 * attributes), each text, a number or yes/no. Bounded, so that a wide or hostile file cannot make
 * one feature large: at most ATTRIBUTES_LIMITS.maxEntries names of up to maxNameLength characters,
 * texts of up to maxTextLength characters, maxJsonLength characters as JSON in all.
 */
export const ATTRIBUTES_LIMITS = { maxEntries: 100, maxNameLength: 100, maxTextLength: 1000, maxJsonLength: 20_000 } as const;

export type AttributeValue = string | number | boolean;
export type AttributeValues = Record<string, AttributeValue>;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every code attributeValuesProblem gives (import.issue.<code> in the UI's messages). */
export const ATTRIBUTE_ISSUE_CODES = ['field.type', 'field.too-many', 'field.name', 'field.too-long'] as const;
export type AttributeIssueCode = (typeof ATTRIBUTE_ISSUE_CODES)[number];

/**
 * Why `value` cannot be stored in the attributes field called `label`, or null when it can;
 * `params` are the values the message is built from.
 */
export function attributeValuesProblem(label: string, value: unknown): { code: AttributeIssueCode; message: string; params: Record<string, string | number> } | null {
	const { maxEntries, maxNameLength, maxTextLength, maxJsonLength } = ATTRIBUTES_LIMITS;
	if (!isObject(value)) return { code: 'field.type', message: `${label} must be an object of names and values.`, params: { expected: 'attributes' } };
	const entries = Object.entries(value);
	if (entries.length > maxEntries) return { code: 'field.too-many', message: `${label} may hold at most ${maxEntries} values, got ${entries.length}.`, params: { limit: maxEntries, count: entries.length } };
	for (const [name, v] of entries) {
		if (name.length === 0 || name.length > maxNameLength) return { code: 'field.name', message: `${label}: each name must be 1 to ${maxNameLength} characters.`, params: { limit: maxNameLength } };
		if (typeof v === 'string') {
			if (v.length > maxTextLength) return { code: 'field.too-long', message: `${label}: "${name.slice(0, 40)}" is longer than ${maxTextLength} characters.`, params: { name: name.slice(0, 40), limit: maxTextLength } };
		} else if (!(typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v)))) {
			return { code: 'field.type', message: `${label}: "${name.slice(0, 40)}" must be text, a number or true/false.`, params: { expected: 'attributeValue', name: name.slice(0, 40) } };
		}
	}
	if (JSON.stringify(value).length > maxJsonLength) return { code: 'field.too-long', message: `${label} is larger than ${maxJsonLength} characters as JSON.`, params: { limit: maxJsonLength } };
	return null;
}
