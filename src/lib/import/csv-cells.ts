/**
 * Writing CSV that spreadsheets open safely. A cell that starts with `=`, `+`, `-`, `@`, a tab or
 * a carriage return is taken for a formula by Excel and LibreOffice, and a formula can fetch
 * URLs or run commands (OWASP "CSV Injection"). Papa Parse prefixes such text cells with `'`,
 * which the spreadsheet shows as text; a plain number such as `-12.5` (a longitude) is left as it
 * is, since it is not a formula and must stay a number.
 */
import Papa from 'papaparse';

export const FORMULA_START = /^(?!-?\d+(?:\.\d+)?(?:e[+-]?\d+)?$)[=+\-@\t\r]/i;

/** Papa.unparse with formula cells neutralised. */
export function unparseCsv(data: unknown[][] | { fields: string[]; data: unknown[][] }, options: Papa.UnparseConfig = {}): string {
	return Papa.unparse(data as Papa.UnparseObject<unknown[]>, { ...options, escapeFormulae: FORMULA_START });
}
