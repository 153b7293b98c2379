/**
 * Converting between stored property values and the strings of form inputs, and working out
 * which fields a form submission changed.
 */
import type { FieldDef } from '../../domain/kinds';

export function toInputValue(field: FieldDef, value: unknown): string {
	if (value === undefined || value === null) return '';
	if (field.type === 'boolean') return value ? 'true' : 'false';
	if (field.type === 'datetime') {
		// datetime-local wants local time without zone.
		const d = new Date(String(value));
		if (Number.isNaN(d.getTime())) return '';
		const pad = (n: number) => String(n).padStart(2, '0');
		return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
	}
	if (field.type === 'stringList') return Array.isArray(value) ? value.join(', ') : String(value);
	return String(value);
}

/** The stored value for an input string; `null` means the field is cleared. */
export function fromInputValue(field: FieldDef, input: unknown): unknown {
	// Number inputs bind numbers (or null when empty); everything else binds strings.
	const raw = input === null || input === undefined ? '' : String(input);
	const text = raw.trim();
	if (text === '') return null;
	switch (field.type) {
		case 'boolean':
			return text === 'true';
		case 'integer':
		case 'number':
			return Number(text);
		case 'datetime':
			return new Date(text).toISOString();
		case 'stringList':
			return text.split(',').map((s) => s.trim()).filter(Boolean);
		default:
			return field.type === 'text' ? raw : text;
	}
}

/** Only the fields whose value differs from what is stored. */
export function changedValues(fields: readonly FieldDef[], stored: Record<string, unknown>, inputs: Record<string, unknown>): Record<string, unknown> {
	const changes: Record<string, unknown> = {};
	for (const field of fields) {
		if (field.readOnly || !(field.key in inputs)) continue;
		const input = inputs[field.key];
		if ((input === null || input === undefined ? '' : String(input)) === toInputValue(field, stored[field.key])) continue;
		changes[field.key] = fromInputValue(field, inputs[field.key]);
	}
	return changes;
}
