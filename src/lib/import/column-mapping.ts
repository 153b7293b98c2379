/**
 * Which source column fills which field of the kind: guessed from the headers (field keys, the
 * fields' zh/en labels, common synonyms) and the values under them, editable in the preview, then
 * applied row by row with values converted to the field's type. A value that does not fit is a
 * coded issue on its row.
 */
import { fieldsOf, type FieldDef, type KindDef } from '../domain/kinds';
import { FIELD_SYNONYMS, normaliseHeader } from './column-names';
import type { IssueParams } from '../issues';
import type { ImportRowCode } from './issue-codes';
import { rowIssue, type ImportIssue } from './types';

/** Column name → field key, or null for a column that is not imported. */
export type ColumnMapping = Record<string, string | null>;

/**
 * Fields an import may fill: everything but what the system itself keeps, and the source
 * attributes, which hold the columns that fill no field.
 */
export function mappableFields(def: KindDef): FieldDef[] {
	return fieldsOf(def).filter((f) => f.key !== 'generatedFields' && f.key !== 'photos' && f.type !== 'attributes');
}

/** A column whose header names a field but whose values do not fit it, so the guess left it unmapped. */
export interface ColumnNote {
	column: string;
	field: string;
	code: 'mapping.values-do-not-fit';
	/** Non-empty values in the column, and how many of them the field would take. */
	checked: number;
	fitting: number;
	/** A few of the values that do not fit, as the file has them. */
	examples: string[];
	message: string;
}

export interface GuessedMapping {
	mapping: ColumnMapping;
	notes: ColumnNote[];
}

const MAX_EXAMPLES = 3;

/** How many of a column's non-empty values a field takes, and some that it does not. */
function fitOf(field: FieldDef, column: string, rows: readonly Record<string, unknown>[]): { checked: number; fitting: number; examples: string[] } {
	let checked = 0;
	let fitting = 0;
	const examples = new Set<string>();
	for (const attributes of rows) {
		const converted = convertValue(field, attributes[column]);
		if ('skip' in converted) continue;
		checked++;
		if ('value' in converted) fitting++;
		else if (examples.size < MAX_EXAMPLES) examples.add(String(attributes[column]).trim().slice(0, 80));
	}
	return { checked, fitting, examples: [...examples] };
}

/**
 * A column is mapped onto a field by default only when at least half of its values fit it: a
 * column of bin models headed `type` is not the bins' type, while a column of statuses with a typo
 * in a few rows is the status, those rows reported. A field that no value can miss (text) always fits.
 */
const fits = (fit: { checked: number; fitting: number }) => fit.checked === 0 || fit.fitting * 2 >= fit.checked;

function noteFor(field: FieldDef, column: string, fit: { checked: number; fitting: number; examples: string[] }): ColumnNote {
	const options = field.options ? `, which takes ${field.options.map((o) => o.value).join(', ')}` : '';
	const share = fit.fitting === 0 ? `none of its ${fit.checked} values fit` : `only ${fit.fitting} of its ${fit.checked} values fit`;
	return {
		column,
		field: field.key,
		code: 'mapping.values-do-not-fit',
		...fit,
		message: `The column "${column}" was not mapped to ${field.label.en} (${field.key}): ${share}${options} (for example "${fit.examples.join('", "')}"). It is kept with each feature as a source attribute; map it to ${field.key} to use it anyway.`
	};
}

/**
 * The mapping a person starts from: each column onto the field its header names (the exact key
 * first, then labels and synonyms; a field filled from one column at most) when its values in
 * `rows` fit that field; otherwise unmapped, with a note saying why.
 */
export function guessMapping(def: KindDef, columns: readonly string[], options: { skip?: readonly string[]; rows?: readonly Record<string, unknown>[] } = {}): GuessedMapping {
	const { skip = [], rows = [] } = options;
	const fields = mappableFields(def);
	const taken = new Set<string>();
	const mapping: ColumnMapping = {};
	const notes: ColumnNote[] = [];
	const candidates = (field: FieldDef) =>
		new Set([field.key, field.label.en, field.label.zh, ...(FIELD_SYNONYMS[field.key] ?? [])].map(normaliseHeader));
	const byField = new Map(fields.map((f) => [f.key, candidates(f)]));
	for (const column of columns) {
		mapping[column] = null;
		if (skip.includes(column)) continue;
		const h = normaliseHeader(column);
		const named = [...fields.filter((f) => normaliseHeader(f.key) === h), ...fields.filter((f) => normaliseHeader(f.key) !== h && byField.get(f.key)!.has(h))];
		let refused: ColumnNote | undefined;
		for (const field of named) {
			if (taken.has(field.key)) continue;
			const fit = fitOf(field, column, rows);
			if (!fits(fit)) {
				refused ??= noteFor(field, column, fit);
				continue;
			}
			mapping[column] = field.key;
			taken.add(field.key);
			break;
		}
		if (mapping[column] === null && refused) notes.push(refused);
	}
	return { mapping, notes };
}

/** Checks a mapping sent back by a person: known columns, known fields, no field twice. */
/** `params.reason`: notObject, noColumn, noField or twice, with the column or field it concerns. */
export function checkMapping(def: KindDef, columns: readonly string[], mapping: unknown): { ok: true; mapping: ColumnMapping } | { ok: false; message: string; params: IssueParams } {
	if (typeof mapping !== 'object' || mapping === null || Array.isArray(mapping)) return { ok: false, message: 'mapping must be an object of column → field.', params: { reason: 'notObject' } };
	const keys = new Set(mappableFields(def).map((f) => f.key));
	const used = new Set<string>();
	const out: ColumnMapping = {};
	for (const [column, field] of Object.entries(mapping as Record<string, unknown>)) {
		if (!columns.includes(column)) return { ok: false, message: `The file has no column "${column}".`, params: { reason: 'noColumn', column: column.slice(0, 100) } };
		if (field === null || field === '') {
			out[column] = null;
			continue;
		}
		if (typeof field !== 'string' || !keys.has(field)) return { ok: false, message: `"${String(field)}" is not a field of ${def.label.en.toLowerCase()}.`, params: { reason: 'noField', field: String(field).slice(0, 40), kind: def.kind } };
		if (used.has(field)) return { ok: false, message: `Two columns are mapped to the field "${field}"; map one.`, params: { reason: 'twice', field, kind: def.kind } };
		used.add(field);
		out[column] = field;
	}
	return { ok: true, mapping: out };
}

const TRUE = new Set(['true', 'yes', 'y', '1', 't', '是', '有', '对', '已硬化', '硬化', '√']);
const FALSE = new Set(['false', 'no', 'n', '0', 'f', '否', '无', '没有', '未硬化', '×']);

type Converted = { value: unknown } | { skip: true } | { issue: { code: ImportRowCode; message: string; params: IssueParams } };

/** Converts one source value to the field's type. Empty cells are skipped (the default applies). */
export function convertValue(field: FieldDef, raw: unknown): Converted {
	if (raw === null || raw === undefined) return { skip: true };
	const text = typeof raw === 'string' ? raw.trim() : raw;
	if (text === '') return { skip: true };
	const name = field.label.en;
	const value = String(raw).trim().slice(0, 80);
	const params = { field: field.key, value };
	switch (field.type) {
		case 'string':
		case 'text':
			return { value: typeof text === 'string' ? text : String(text) };
		case 'integer':
		case 'number': {
			const n = typeof text === 'number' ? text : Number(String(text).replace(/[,，\s]/g, '').replace(/[a-zA-Z²³升吨米]+$/u, ''));
			if (!Number.isFinite(n)) return { issue: { code: 'value.not-number', message: `${name}: "${String(raw)}" is not a number.`, params } };
			return { value: n };
		}
		case 'boolean': {
			if (typeof text === 'boolean') return { value: text };
			const s = String(text).toLowerCase();
			if (TRUE.has(s)) return { value: true };
			if (FALSE.has(s)) return { value: false };
			return { issue: { code: 'value.not-boolean', message: `${name}: "${String(raw)}" is not yes or no.`, params } };
		}
		case 'date': {
			const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T].*)?$/.exec(String(text));
			if (!m) return { issue: { code: 'value.not-date', message: `${name}: "${String(raw)}" is not a date like 2024-05-31.`, params } };
			return { value: `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}` };
		}
		case 'datetime': {
			const s = String(text);
			const ms = Date.parse(/[zZ]|[+-]\d{2}:?\d{2}$/.test(s) ? s : s.replace(' ', 'T') + '+08:00');
			if (Number.isNaN(ms)) return { issue: { code: 'value.not-datetime', message: `${name}: "${s}" is not a date and time.`, params } };
			return { value: new Date(ms).toISOString() };
		}
		case 'enum': {
			const s = String(text).toLowerCase();
			const option = (field.options ?? []).find((o) => o.value.toLowerCase() === s || o.label.en.toLowerCase() === s || o.label.zh === String(text));
			if (!option) {
				const allowed = (field.options ?? []).map((o) => `${o.value} (${o.label.zh})`).join(', ');
				return { issue: { code: 'value.unknown', message: `${name}: "${String(raw)}" is not one of ${allowed}.`, params: { ...params, allowed: (field.options ?? []).map((o) => o.value).join(', ') } } };
			}
			return { value: option.value };
		}
		case 'stringList':
			return { value: String(text).split(/[;；|]/).map((s) => s.trim()).filter(Boolean) };
		case 'attributes':
			// Never the target of a column (mappableFields leaves these fields out).
			return { issue: { code: 'value.not-mappable', message: `${name} cannot be filled from a column.`, params: { field: field.key } } };
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
		if ('issue' in converted) issues.push(rowIssue(row, converted.issue.code, converted.issue.message, `column.${column}`, 'error', { column, kind: def.kind, ...converted.issue.params }));
		else if ('value' in converted) properties[key] = converted.value;
	}
	return { properties, issues };
}
