/**
 * A row's columns that fill no field, kept with its feature as source attributes (under their own
 * names, values as the file gave them) within the bounds of an attributes field: a text too long
 * is cut, names beyond the count or size bound are left out, each with a warning on the row, never
 * a refusal of the row.
 */
import { ATTRIBUTES_LIMITS, type AttributeValue, type AttributeValues } from '../domain/attribute-values';
import { rowIssue, type ImportIssue } from './types';

function asAttributeValue(raw: unknown): AttributeValue | undefined {
	if (raw === null || raw === undefined) return undefined;
	if (typeof raw === 'boolean') return raw;
	if (typeof raw === 'number') return Number.isFinite(raw) ? raw : String(raw);
	const text = String(raw).trim();
	return text === '' ? undefined : text;
}

export function collectSourceAttributes(row: number, attributes: Record<string, unknown>, columns: readonly string[]): { value?: AttributeValues; issues: ImportIssue[] } {
	const { maxEntries, maxNameLength, maxTextLength, maxJsonLength } = ATTRIBUTES_LIMITS;
	const kept: [string, AttributeValue][] = [];
	const cut: string[] = [];
	const leftOut: string[] = [];
	// The JSON object's braces, then per entry its quoted name, colon, value and comma.
	let size = 2;
	for (const column of columns) {
		let value = asAttributeValue(attributes[column]);
		if (value === undefined) continue;
		if (column.length === 0 || column.length > maxNameLength || kept.length >= maxEntries) {
			leftOut.push(column);
			continue;
		}
		if (typeof value === 'string' && value.length > maxTextLength) {
			value = value.slice(0, maxTextLength);
			cut.push(column);
		}
		const entrySize = JSON.stringify(column).length + JSON.stringify(value).length + 2;
		if (size + entrySize > maxJsonLength) {
			leftOut.push(column);
			continue;
		}
		size += entrySize;
		kept.push([column, value]);
	}
	const issues: ImportIssue[] = [];
	const names = (list: string[]) => list.slice(0, 5).map((c) => `"${c.slice(0, 40)}"`).join(', ') + (list.length > 5 ? ` and ${list.length - 5} more` : '');
	if (cut.length > 0) {
		issues.push(rowIssue(row, 'source-attributes.cut', `Row ${row}: the text of ${names(cut)} was cut to ${maxTextLength} characters to be kept as a source attribute.`, `column.${cut[0]}`, 'warning', { columns: names(cut), count: cut.length, limit: maxTextLength }));
	}
	if (leftOut.length > 0) {
		issues.push(
			rowIssue(row, 'source-attributes.left-out', `Row ${row}: ${names(leftOut)} could not be kept as source attributes (at most ${maxEntries} names of up to ${maxNameLength} characters, ${maxJsonLength} characters in all); map them to fields to keep them.`, `column.${leftOut[0]}`, 'warning', {
				columns: names(leftOut),
				count: leftOut.length,
				maxEntries,
				maxNameLength,
				maxJsonLength
			})
		);
	}
	// fromEntries defines each name as an own property, "__proto__" included.
	return { ...(kept.length > 0 ? { value: Object.fromEntries(kept) } : {}), issues };
}
