/**
 * The questions a report of each hotspot category may answer (Open311 calls them a service's
 * attributes): each a choice of keyed values with zh and en texts. `severity` is asked of every
 * category and kept in the case's `severity` field, so its choices are the field's own; the other
 * answers are kept together on the case (`reportAnswers`). One checker, `checkAnswers`, serves
 * the public page (before it sends), its API and Open311's POST, so all three refuse alike.
 */
import { kindDef, type EnumOption } from './kinds';
import type { LocalizedText } from './i18n-text';

export interface ReportQuestion {
	/** The attribute's code: `attribute[<code>]=<key>` in an Open311 POST, `answers.<code>` on the public API. */
	code: string;
	label: LocalizedText;
	/** A report of the category is refused without an answer to it. */
	required: boolean;
	values: readonly { key: string; label: LocalizedText }[];
}

const HOTSPOT = kindDef('hotspot')!;
const CATEGORY_OPTIONS: readonly EnumOption[] = HOTSPOT.fields.find((f) => f.key === 'category')!.options!;
const SEVERITY = HOTSPOT.fields.find((f) => f.key === 'severity')!;

const v = (key: string, zh: string, en: string) => ({ key, label: { zh, en } });
const YES_NO = [v('yes', '是', 'Yes'), v('no', '否', 'No')];

/** Asked of every category; the answer is the case's severity. */
export const SEVERITY_QUESTION: ReportQuestion = {
	code: 'severity',
	label: SEVERITY.label,
	required: false,
	values: (SEVERITY.options ?? []).map((o) => ({ key: o.value, label: o.label }))
};

/**
 * What staff need to know before going out, per category. A question is required only where the
 * answer decides who is sent with what (a skip lorry for building waste, a jetting crew for a
 * blocked drain); every list has an answer for "I don't know" where a resident may not know.
 */
export const CATEGORY_QUESTIONS: Readonly<Record<string, readonly ReportQuestion[]>> = {
	'blind-spot': [
		{
			code: 'corner-content',
			label: { zh: '那里有什么', en: 'What is there' },
			required: false,
			values: [v('rubbish', '垃圾', 'Rubbish'), v('weeds', '杂草', 'Weeds'), v('excrement', '粪便', 'Excrement'), v('dead-animal', '动物尸体', 'A dead animal'), v('other', '其他', 'Something else')]
		}
	],
	'exposed-rubbish': [
		{
			code: 'bin-fill',
			label: { zh: '垃圾桶满了吗', en: 'How full is the bin' },
			required: true,
			values: [v('overflowing', '满溢到地上', 'Overflowing onto the ground'), v('full', '已满', 'Full'), v('no-bin', '附近没有垃圾桶', 'There is no bin here')]
		},
		{ code: 'bin-lid-broken', label: { zh: '桶盖损坏', en: 'Lid broken' }, required: false, values: YES_NO }
	],
	'dumped-debris': [
		{
			code: 'waste-kind',
			label: { zh: '什么垃圾', en: 'What kind of waste' },
			required: true,
			values: [
				v('construction', '建筑垃圾', 'Building rubble'),
				v('bulky', '大件垃圾（家具、家电）', 'Bulky waste (furniture, appliances)'),
				v('household', '生活垃圾', 'Household rubbish'),
				v('garden', '园林绿化垃圾', 'Garden waste'),
				v('hazardous', '有害垃圾（电池、油漆、药品）', 'Hazardous waste (batteries, paint, medicine)'),
				v('unknown', '不清楚', 'I don’t know')
			]
		}
	],
	'small-ads': [
		{
			code: 'ad-surface',
			label: { zh: '贴在哪里', en: 'Where are they' },
			required: false,
			values: [v('wall', '墙面', 'On a wall'), v('pole', '电线杆、灯杆', 'On a pole'), v('ground', '地面喷涂', 'Sprayed on the ground'), v('other', '其他', 'Somewhere else')]
		}
	],
	'standing-water': [
		{
			code: 'drain-blocked',
			label: { zh: '排水沟或下水口堵了吗', en: 'Is a drain or gully blocked' },
			required: true,
			values: [v('yes', '堵了', 'Yes, blocked'), v('no', '没堵', 'No'), v('unknown', '不清楚', 'I don’t know')]
		},
		{ code: 'smell', label: { zh: '有臭味', en: 'It smells' }, required: false, values: YES_NO }
	],
	'mosquito-breeding': [
		{
			code: 'breeding-site',
			label: { zh: '孳生在哪里', en: 'Where do they breed' },
			required: false,
			values: [v('containers', '积水容器', 'Water in containers'), v('tyres', '废旧轮胎', 'Old tyres'), v('rubbish', '垃圾堆', 'A rubbish heap'), v('drain', '沟渠', 'A ditch or drain')]
		},
		{ code: 'larvae-seen', label: { zh: '看到幼虫（孑孓）', en: 'Larvae seen' }, required: false, values: YES_NO }
	],
	'illegal-structure': [
		{
			code: 'structure-kind',
			label: { zh: '搭建的是什么', en: 'What was built' },
			required: false,
			values: [v('shed', '棚屋', 'A shed'), v('stall', '摊棚', 'A stall'), v('fence', '围挡', 'A fence'), v('extension', '房屋加建', 'An extension to a house')]
		}
	]
};

export const isReportCategory = (category: unknown): category is string => typeof category === 'string' && CATEGORY_OPTIONS.some((o) => o.value === category);

/** The questions of a category in the order they are asked (its own first, then severity); null for an unknown category. */
export function questionsFor(category: unknown): ReportQuestion[] | null {
	if (!isReportCategory(category)) return null;
	return [...(CATEGORY_QUESTIONS[category] ?? []), SEVERITY_QUESTION];
}

/** Every code checkAnswers gives (public.refused.<code> in the page's messages). */
export const ANSWER_ISSUE_CODES = ['answer.invalid', 'answer.unknown-question', 'answer.unknown-value', 'answer.required'] as const;
export type AnswerIssueCode = (typeof ANSWER_ISSUE_CODES)[number];

export interface AnswerIssue {
	code: AnswerIssueCode;
	message: string;
	/** `question`: the code of the question; `value`: the key given. */
	params: { question?: string; value?: string };
}

export type CheckedAnswers = { ok: true; severity: string | undefined; answers: Record<string, string> } | { ok: false; issue: AnswerIssue };

/** An empty text is no answer: an Open311 form sends a question left blank as `attribute[code]=`. */
const isAnswered = (value: unknown) => value !== undefined && value !== null && value !== '';
const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const bad = (code: AnswerIssueCode, message: string, params: AnswerIssue['params'] = {}): CheckedAnswers => ({ ok: false, issue: { code, message, params } });

/**
 * A report's answers (`{ code: key }`; an empty text is no answer) checked against its category's
 * questions: the severity apart, the rest as they are kept on the case. A category that is not
 * known is left to the report's own validation.
 */
export function checkAnswers(category: unknown, answers: unknown): CheckedAnswers {
	const given = answers === undefined || answers === null ? {} : answers;
	if (!isObject(given)) return bad('answer.invalid', 'The answers must be an object of question codes and answer keys, such as {"severity": "high"}.');
	const questions = questionsFor(category) ?? [];
	const out: Record<string, string> = {};
	let severity: string | undefined;
	for (const [code, value] of Object.entries(given)) {
		if (!isAnswered(value)) continue;
		const question = questions.find((q) => q.code === code);
		if (!question) {
			const codes = questions.map((q) => q.code).join(', ');
			return bad('answer.unknown-question', `"${code.slice(0, 60)}" is not a question of ${String(category)} reports; their questions are: ${codes}.`, { question: code.slice(0, 60) });
		}
		if (typeof value !== 'string' || !question.values.some((x) => x.key === value)) {
			const keys = question.values.map((x) => x.key).join(', ');
			return bad('answer.unknown-value', `"${String(value).slice(0, 60)}" is not an answer to ${code}; answer one of: ${keys}.`, { question: code, value: String(value).slice(0, 60) });
		}
		if (code === SEVERITY_QUESTION.code) severity = value;
		else out[code] = value;
	}
	const missing = questions.find((q) => q.required && !isAnswered(given[q.code]));
	if (missing) {
		const keys = missing.values.map((x) => x.key).join(', ');
		return bad('answer.required', `${String(category)} reports must answer ${missing.code} (${missing.label.en.toLowerCase()}): one of ${keys}.`, { question: missing.code });
	}
	return { ok: true, severity, answers: out };
}
