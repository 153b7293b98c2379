/**
 * Converting between stored property values and the strings of form inputs, and working out
 * which fields a form submission changed. A date and time is entered as wall-clock time in the
 * project's time zone (`timeZone`), whatever the zone of the device showing the form.
 */
import type { FieldDef } from '../../domain/kinds';
import { localDateTime, parseInstant } from '../../domain/time/instants';

export function toInputValue(field: FieldDef, value: unknown, timeZone: string): string {
	if (value === undefined || value === null) return '';
	if (field.type === 'boolean') return value ? 'true' : 'false';
	if (field.type === 'datetime') {
		// datetime-local wants a wall-clock time without a zone: the project zone's.
		const ms = parseInstant(value, timeZone);
		return ms === null ? '' : localDateTime(ms, timeZone);
	}
	if (field.type === 'stringList') return Array.isArray(value) ? value.join(', ') : String(value);
	return String(value);
}

/** The stored value for an input string; `null` means the field is cleared. */
export function fromInputValue(field: FieldDef, input: unknown, timeZone: string): unknown {
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
		case 'datetime': {
			const ms = parseInstant(text, timeZone);
			return ms === null ? text : new Date(ms).toISOString();
		}
		case 'stringList':
			return text.split(',').map((s) => s.trim()).filter(Boolean);
		default:
			return field.type === 'text' ? raw : text;
	}
}

/** Only the fields whose value differs from what is stored. */
export function changedValues(fields: readonly FieldDef[], stored: Record<string, unknown>, inputs: Record<string, unknown>, timeZone: string): Record<string, unknown> {
	const changes: Record<string, unknown> = {};
	for (const field of fields) {
		if (field.readOnly || !(field.key in inputs)) continue;
		const input = inputs[field.key];
		if ((input === null || input === undefined ? '' : String(input)) === toInputValue(field, stored[field.key], timeZone)) continue;
		changes[field.key] = fromInputValue(field, inputs[field.key], timeZone);
	}
	return changes;
}
