/**
 * A refusal of the public pages in the resident's language: the answer checks (domain/report-questions.ts)
 * and the answer to "is it fixed?" have their own text, naming the question in the reader's language;
 * anything else shows the server's message.
 */
import { get } from 'svelte/store';
import { ANSWER_ISSUE_CODES, questionsFor } from '../../domain/report-questions';
import { loc, t } from '../i18n';

const KNOWN = new Set<string>([...ANSWER_ISSUE_CODES, 'report.already-answered', 'report.not-verified']);

/** `params`: the refusal's `question` and `value`, and the `category` the report was of. */
export function refusalText(code: string | undefined, message: string, params: Record<string, unknown> = {}): string {
	if (!code || !KNOWN.has(code)) return message;
	const question = questionsFor(params.category)?.find((q) => q.code === params.question);
	return get(t)(`public.refused.${code}`, { values: { question: question ? get(loc)(question.label) : String(params.question ?? ''), value: String(params.value ?? '') } });
}
