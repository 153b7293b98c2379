/**
 * Which source column fills which field of the kind: guessed from the headers (field keys, the
 * fields' zh/en labels, common synonyms), editable in the preview, then applied row by row with
 * values converted to the field's type. A value that does not fit is a coded issue on its row.
 */
import { fieldsOf, type FieldDef, type KindDef } from '../domain/kinds';
import { FIELD_SYNONYMS, normaliseHeader } from './column-names';
import { rowIssue, type ImportIssue } from './types';

/** Column name → field key, or null for a column that is not imported. */
export type ColumnMapping = Record<string, string | null>;

/** Fields an import may fill: everything but what the system itself keeps. */
export function mappableFields(def: KindDef): FieldDef[] {
	return fieldsOf(def).filter((f) => f.key !== 'generatedFields' && f.key !== 'photos');
}

export function guessMapping(def: KindDef, columns: readonly string[], skip: readonly string[] = []): ColumnMapping {
	const fields = mappableFields(def);
	const taken = new Set<string>();
	const mapping: ColumnMapping = {};
	const candidates = (field: FieldDef) =>
		new Set([field.key, field.label.en, field.label.zh, ...(FIELD_SYNONYMS[field.key] ?? [])].map(normaliseHeader));
	const byField = new Map(fields.map((f) => [f.key, candidates(f)]));
	for (const column of columns) {
		mapping[column] = null;
		if (skip.includes(column)) continue;
		const h = normaliseHeader(column);
		// Exact key first, then labels and synonyms; a field is filled from one column at most.
		const exact = fields.find((f) => normaliseHeader(f.key) === h && !taken.has(f.key));
		const match = exact ?? fields.find((f) => !taken.has(f.key) && byField.get(f.key)!.has(h));
		if (match) {
			mapping[column] = match.key;
			taken.add(match.key);
		}
	}
	return mapping;
}

/** Checks a mapping sent back by a person: known columns, known fields, no field twice. */
export function checkMapping(def: KindDef, columns: readonly string[], mapping: unknown): { ok: true; mapping: ColumnMapping } | { ok: false; message: string } {
	if (typeof mapping !== 'object' || mapping === null || Array.isArray(mapping)) return { ok: false, message: 'mapping must be an object of column → field.' };
	const keys = new Set(mappableFields(def).map((f) => f.key));
	const used = new Set<string>();
	const out: ColumnMapping = {};
	for (const [column, field] of Object.entries(mapping as Record<string, unknown>)) {
		if (!columns.includes(column)) return { ok: false, message: `The file has no column "${column}".` };
		if (field === null || field === '') {
			out[column] = null;
			continue;
		}
		if (typeof field !== 'string' || !keys.has(field)) return { ok: false, message: `"${String(field)}" is not a field of ${def.label.en.toLowerCase()}.` };
		if (used.has(field)) return { ok: false, message: `Two columns are mapped to the field "${field}"; map one.` };
		used.add(field);
		out[column] = field;
	}
	return { ok: true, mapping: out };
}

const TRUE = new Set(['true', 'yes', 'y', '1', 't', '是', '有', '对', '已硬化', '硬化', '√']);
const FALSE = new Set(['false', 'no', 'n', '0', 'f', '否', '无', '没有', '未硬化', '×']);

type Converted = { value: unknown } | { skip: true } | { issue: { code: string; message: string } };

/** Converts one source value to the field's type. Empty cells are skipped (the default applies). */
export function convertValue(field: FieldDef, raw: unknown): Converted {
	if (raw === null || raw === undefined) return { skip: true };
	const text = typeof raw === 'string' ? raw.trim() : raw;
	if (text === '') return { skip: true };
	const name = field.label.en;
	switch (field.type) {
		case 'string':
		case 'text':
			return { value: typeof text === 'string' ? text : String(text) };
		case 'integer':
		case 'number': {
			const n = typeof text === 'number' ? text : Number(String(text).replace(/[,，\s]/g, '').replace(/[a-zA-Z²³升吨米]+$/u, ''));
			if (!Number.isFinite(n)) return { issue: { code: 'value.not-number', message: `${name}: "${String(raw)}" is not a number.` } };
			return { value: n };
		}
		case 'boolean': {
			if (typeof text === 'boolean') return { value: text };
			const s = String(text).toLowerCase();
			if (TRUE.has(s)) return { value: true };
			if (FALSE.has(s)) return { value: false };
			return { issue: { code: 'value.not-boolean', message: `${name}: "${String(raw)}" is not yes or no.` } };
		}
		case 'date': {
			const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T].*)?$/.exec(String(text));
			if (!m) return { issue: { code: 'value.not-date', message: `${name}: "${String(raw)}" is not a date like 2024-05-31.` } };
			return { value: `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}` };
		}
		case 'datetime': {
			const s = String(text);
			const ms = Date.parse(/[zZ]|[+-]\d{2}:?\d{2}$/.test(s) ? s : s.replace(' ', 'T') + '+08:00');
			if (Number.isNaN(ms)) return { issue: { code: 'value.not-datetime', message: `${name}: "${s}" is not a date and time.` } };
			return { value: new Date(ms).toISOString() };
		}
		case 'enum': {
			const s = String(text).toLowerCase();
			const option = (field.options ?? []).find((o) => o.value.toLowerCase() === s || o.label.en.toLowerCase() === s || o.label.zh === String(text));
			if (!option) {
				const allowed = (field.options ?? []).map((o) => `${o.value} (${o.label.zh})`).join(', ');
				return { issue: { code: 'value.unknown', message: `${name}: "${String(raw)}" is not one of ${allowed}.` } };
			}
			return { value: option.value };
		}
		case 'stringList':
			return { value: String(text).split(/[;；|]/).map((s) => s.trim()).filter(Boolean) };
	}
}

/** The properties a row gives the kind's fields through the mapping, and what did not fit. */
export function applyMapping(def: KindDef, row: number, attributes: Record<string, unknown>, mapping: ColumnMapping): { properties: Record<string, unknown>; issues: ImportIssue[] } {
	const fields = new Map(mappableFields(def).map((f) => [f.key, f]));
	const properties: Record<string, unknown> = {};
	const issues: ImportIssue[] = [];
	for (const [column, key] of Object.entries(mapping)) {
		if (!key) continue;
		const field = fields.get(key);
		if (!field) continue;
		const converted = convertValue(field, attributes[column]);
		if ('issue' in converted) issues.push(rowIssue(row, converted.issue.code, converted.issue.message, `column.${column}`));
		else if ('value' in converted) properties[key] = converted.value;
	}
	return { properties, issues };
}
