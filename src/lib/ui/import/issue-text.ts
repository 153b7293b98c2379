/**
 * An import's problems in the reader's language. The server sends each problem with its `code`,
 * an English `message` and the `params` the message is built from; the page says it from
 * `import.issue.<code>` (messages/import.*.json) with those params, and the names the params hold
 * (a field's key, a layer's kind, an option's value) as the kind definitions label them. A code the
 * page does not know keeps the server's message.
 */
import { derived } from 'svelte/store';
import { dictionary, getMessageFormatter } from 'svelte-i18n';
import { fieldsOf, kindDef } from '../../domain/kinds';
import type { Locale } from '../../domain/i18n-text';
import { currentLocale } from '../i18n';

export interface CodedProblem {
	code: string;
	message: string;
	row?: number | null;
	params?: Record<string, unknown>;
}

type Values = Record<string, string | number>;

/** Values shown as they are written (coordinates, bounds), never rounded or grouped as numbers. */
const VERBATIM = new Set(['value', 'min', 'max', 'near', 'key', 'column', 'osmId']);
/** Lists the server joins with ", ": in Chinese, joined with "、". */
const LISTS = new Set(['columns', 'entries', 'utf8Lines', 'otherLines', 'allowed']);

/**
 * The values a message is formatted with: the params (and the row), with `fieldLabel`,
 * `kindLabel` and `options` in `locale` where the params name a kind and a field.
 */
export function issueValues(problem: Pick<CodedProblem, 'row' | 'params'>, locale: Locale): Values {
	const values: Values = {};
	for (const [k, v] of Object.entries(problem.params ?? {})) {
		if (typeof v === 'number') values[k] = VERBATIM.has(k) ? String(v) : v;
		else if (typeof v === 'string') values[k] = locale === 'zh' && LISTS.has(k) ? v.split(', ').join('、') : v;
		else if (typeof v === 'boolean') values[k] = String(v);
	}
	if (typeof problem.row === 'number' && values.row === undefined) values.row = problem.row;
	const def = typeof values.kind === 'string' ? kindDef(values.kind) : undefined;
	if (def) values.kindLabel = locale === 'en' ? def.label.en.toLowerCase() : def.label.zh;
	if (typeof values.field === 'string') {
		const field = def ? fieldsOf(def).find((f) => f.key === values.field) : undefined;
		values.fieldLabel = field ? field.label[locale] : values.field;
		if (field?.options) values.options = field.options.map((o) => o.label[locale]).join(locale === 'zh' ? '、' : ', ');
	}
	values.options ??= String(values.allowed ?? '');
	// "between 0 and 100 L": the unit, when there is one, after a space.
	if (typeof values.unit === 'string') values.unit = values.unit ? ` ${values.unit}` : '';
	return values;
}

/** The page's own words for `code` in `locale`, if it has them. */
function template(dict: Record<string, unknown>, locale: Locale, code: string): string | undefined {
	const issues = (dict[locale] as { import?: { issue?: Record<string, unknown> } } | undefined)?.import?.issue ?? {};
	const text = Object.hasOwn(issues, code) ? issues[code] : undefined;
	return typeof text === 'string' ? text : undefined;
}

/** `$issueText(problem)`: the problem in the current language (the server's message for a code the page does not know). */
export const issueText = derived([currentLocale, dictionary], ([locale, dict]) => (problem: CodedProblem): string => {
	const text = template(dict as Record<string, unknown>, locale, problem.code);
	if (text === undefined) return problem.message;
	try {
		// The formatter itself rather than $t, which would log and show the message's source.
		return String(getMessageFormatter(text, locale).format(issueValues(problem, locale)));
	} catch {
		// A value the message needs is missing (an older server): its own words are better than none.
		return problem.message;
	}
});
