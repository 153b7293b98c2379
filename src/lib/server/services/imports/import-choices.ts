import { refuseImport } from './import-refusal';
import type { ImportChoices } from './import';

/** The choices of a preview or commit request body, checked for shape (values are checked by the plan). */
export function importChoices(body: unknown): ImportChoices {
	if (typeof body !== 'object' || body === null || Array.isArray(body)) throw refuseImport('invalid', 'import.choices', 'Send the import choices as a JSON object: { collection, crs, keyColumn, mapping }.', { reason: 'notObject', name: '' });
	const b = body as Record<string, unknown>;
	const text = (name: string) => {
		const v = b[name];
		if (v === undefined || v === null) return undefined;
		if (typeof v !== 'string') throw refuseImport('invalid', 'import.choices', `"${name}" must be text.`, { reason: 'notText', name });
		return v;
	};
	return { collection: text('collection'), crs: text('crs'), keyColumn: text('keyColumn') ?? null, mapping: b.mapping };
}
