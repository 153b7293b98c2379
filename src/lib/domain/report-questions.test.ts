import { describe, expect, it } from 'vitest';
import { kindDef } from './kinds';
import { ANSWER_ISSUE_CODES, CATEGORY_QUESTIONS, checkAnswers, questionsFor, SEVERITY_QUESTION } from './report-questions';
import en from '../ui/i18n/messages/public.en.json';
import zh from '../ui/i18n/messages/public.zh.json';

const CATEGORIES = kindDef('hotspot')!.fields.find((f) => f.key === 'category')!.options!.map((o) => o.value);

describe('the questions of each category', () => {
	it('gives every category questions of its own, and severity last with the severity field’s choices', () => {
		expect(Object.keys(CATEGORY_QUESTIONS).sort()).toEqual([...CATEGORIES].sort());
		for (const category of CATEGORIES) {
			const questions = questionsFor(category)!;
			expect(questions.length, category).toBeGreaterThan(1);
			expect(questions.at(-1)).toBe(SEVERITY_QUESTION);
		}
		expect(SEVERITY_QUESTION.values.map((v) => v.key)).toEqual(['low', 'medium', 'high']);
		expect(questionsFor('potholes')).toBeNull();
	});

	it('has unique codes and keys, and every text in Chinese and English', () => {
		for (const category of CATEGORIES) {
			const questions = questionsFor(category)!;
			expect(new Set(questions.map((q) => q.code)).size, category).toBe(questions.length);
			for (const q of questions) {
				expect(q.code).toMatch(/^[a-z][a-z-]*$/);
				expect(q.label.zh && q.label.en, q.code).toBeTruthy();
				expect(new Set(q.values.map((v) => v.key)).size, q.code).toBe(q.values.length);
				for (const v of q.values) expect(v.label.zh && v.label.en, `${q.code}=${v.key}`).toBeTruthy();
			}
		}
	});

	it('asks what an overflowing bin, a blocked drain and dumped waste need, and requires what decides who is sent', () => {
		const codes = (c: string) => questionsFor(c)!.map((q) => [q.code, q.required]);
		expect(codes('exposed-rubbish')).toEqual([['bin-fill', true], ['bin-lid-broken', false], ['severity', false]]);
		expect(codes('standing-water')).toEqual([['drain-blocked', true], ['smell', false], ['severity', false]]);
		expect(codes('dumped-debris')).toEqual([['waste-kind', true], ['severity', false]]);
	});
});

describe('checking a report’s answers', () => {
	it('takes known answers, keeping severity apart from the rest', () => {
		expect(checkAnswers('exposed-rubbish', { 'bin-fill': 'overflowing', 'bin-lid-broken': 'yes', severity: 'high' })).toEqual({
			ok: true,
			severity: 'high',
			answers: { 'bin-fill': 'overflowing', 'bin-lid-broken': 'yes' }
		});
		expect(checkAnswers('small-ads', undefined)).toEqual({ ok: true, severity: undefined, answers: {} });
		// An empty text is no answer (an Open311 form's blank field).
		expect(checkAnswers('small-ads', { 'ad-surface': '', severity: '' })).toEqual({ ok: true, severity: undefined, answers: {} });
	});

	it('refuses an unknown question, an unknown answer, a missing required one and a wrong shape, in plain words', () => {
		const issue = (category: string, answers: unknown) => {
			const r = checkAnswers(category, answers);
			return r.ok ? null : r.issue;
		};
		expect(issue('small-ads', { 'bin-fill': 'full' })).toMatchObject({ code: 'answer.unknown-question', params: { question: 'bin-fill' } });
		expect(issue('small-ads', { 'bin-fill': 'full' })!.message).toContain('ad-surface, severity');
		expect(issue('small-ads', { severity: 'apocalyptic' })).toMatchObject({ code: 'answer.unknown-value', params: { question: 'severity', value: 'apocalyptic' } });
		expect(issue('small-ads', { severity: 'apocalyptic' })!.message).toContain('low, medium, high');
		expect(issue('small-ads', { severity: 3 })).toMatchObject({ code: 'answer.unknown-value' });
		expect(issue('dumped-debris', { severity: 'high' })).toMatchObject({ code: 'answer.required', params: { question: 'waste-kind' } });
		expect(issue('dumped-debris', { 'waste-kind': '' })).toMatchObject({ code: 'answer.required' });
		expect(issue('dumped-debris', ['construction'])).toMatchObject({ code: 'answer.invalid' });
		expect(issue('dumped-debris', 'construction')).toMatchObject({ code: 'answer.invalid' });
	});

	it('has a Chinese and an English message for every refusal', () => {
		for (const code of ANSWER_ISSUE_CODES) {
			const key = code.replace('answer.', '') as keyof typeof en.public.refused.answer;
			expect(en.public.refused.answer[key], code).toBeTruthy();
			expect(zh.public.refused.answer[key], code).toBeTruthy();
		}
	});
});
