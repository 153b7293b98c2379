/**
 * The rules screen's form as plain data: one text per figure (a rule, a road class's spacing, an
 * index's level), read from the rules in force and turned back into the project's overrides. Only
 * the figures the person changed are added to the overrides the project already has, so a rule left
 * alone keeps following its default. The server validates what is sent; its coded issues are said
 * here in the reader's language, naming the figure.
 */
import { RULE_UNITS, type Rules } from '../../domain/rules';
import { ROAD_CLASSES } from '../../domain/road-class';
import { LEVEL_GRADES, VECTOR_INDEX_KEYS, VECTOR_INDEX_UNITS, type LevelGrade, type VectorIndexKey } from '../../domain/vector-levels';
import type { ValidationIssue } from '../../issues';
import { unitLabel } from '../i18n/units';
import type { Locale } from '../../domain/i18n-text';

type Translate = (key: string, options?: { values?: Record<string, string | number> }) => string;
type ScalarRule = Exclude<keyof Rules, 'binSpacingM' | 'vectorLevels'>;

export const SCALAR_RULES = Object.keys(RULE_UNITS).filter((k) => k !== 'binSpacingM') as ScalarRule[];

/** The figure a path names: `binWalkingRadiusM`, `binSpacingM.main`, `vectorLevels.flyRoomPositivePct.C`. */
export type FigurePath = string;

export interface RulesDocument {
	rules: Rules;
	overrides: Record<string, unknown>;
	defaults: Rules;
	sources: Record<string, { zh: string; en: string }>;
	vectorLevelSources: Record<string, { zh: string; en: string }>;
	ranges: Record<string, { min: number; max: number; integer?: boolean; unit: string }>;
	updatedAt: string | null;
	updatedBy: string | null;
}

/** Every figure of the form, in the order the screen lists them. */
export function figurePaths(): FigurePath[] {
	return [
		...SCALAR_RULES,
		...ROAD_CLASSES.map((cls) => `binSpacingM.${cls}`),
		...VECTOR_INDEX_KEYS.flatMap((index) => LEVEL_GRADES.map((g) => `vectorLevels.${index}.${g}`))
	];
}

function valueAt(rules: Rules, path: FigurePath): number | null {
	const [key, a, b] = path.split('.');
	if (key === 'binSpacingM') return rules.binSpacingM[a as keyof Rules['binSpacingM']];
	if (key === 'vectorLevels') return rules.vectorLevels[a as VectorIndexKey][b as LevelGrade];
	return rules[key as ScalarRule];
}

export const figureText = (rules: Rules, path: FigurePath): string => {
	const v = valueAt(rules, path);
	return v === null ? '' : String(v);
};

/** The form's texts for the rules in force. */
export const draftOf = (rules: Rules): Record<FigurePath, string> => Object.fromEntries(figurePaths().map((p) => [p, figureText(rules, p)]));

/**
 * What to send: the project's overrides with each changed figure set. A text that is not a number
 * is sent as it is, for the server to refuse by name; an empty level is `null` (not judged).
 */
export function overridesFrom(draft: Record<FigurePath, string>, doc: Pick<RulesDocument, 'rules' | 'overrides'>): { overrides: Record<string, unknown>; changed: FigurePath[] } {
	const overrides = structuredClone(doc.overrides) as Record<string, Record<string, unknown> | unknown>;
	const changed: FigurePath[] = [];
	for (const path of figurePaths()) {
		const text = (draft[path] ?? '').trim();
		if (text === figureText(doc.rules, path)) continue;
		changed.push(path);
		const [key, a, b] = path.split('.');
		const value: unknown = text === '' ? null : Number.isFinite(Number(text)) ? Number(text) : text;
		if (key === 'vectorLevels') {
			const levels = ((overrides.vectorLevels as Record<string, Record<string, unknown>>) ??= {});
			(levels[a] ??= {})[b] = value;
		} else if (key === 'binSpacingM') {
			((overrides.binSpacingM as Record<string, unknown>) ??= {})[a] = value;
		} else overrides[key] = value;
	}
	return { overrides, changed };
}

/** A figure's name as the reader says it: "Bin spacing along a road: Main road", "Rooms with flies, level C". */
export function figureLabel(path: FigurePath, t: Translate): string {
	const [key, a, b] = path.split('.');
	if (key === 'binSpacingM' && a) return t('rules.spacingOf', { values: { rule: t('rules.names.binSpacingM'), cls: t(`planning.classes.${a}`) } });
	if (key === 'vectorLevels' && a) {
		const index = t(`rules.index.${a}`);
		return b ? t('rules.levelOf', { values: { index, grade: b } }) : index;
	}
	return t(`rules.names.${key}`);
}

/** The unit of a figure, in the reader's language ("米", "%", "天"; none for the Breteau index). */
export function figureUnit(path: FigurePath, locale: Locale): string {
	const [key, a] = path.split('.');
	if (key === 'vectorLevels') return VECTOR_INDEX_UNITS[a as VectorIndexKey] ?? '';
	return unitLabel(RULE_UNITS[key as keyof typeof RULE_UNITS], locale);
}

/** The range a figure may take, from the server's ranges. */
export function figureRange(path: FigurePath, ranges: RulesDocument['ranges']): { min: number; max: number; integer?: boolean } | undefined {
	return ranges[path.split('.')[0]];
}

/** One refusal of the server, in the reader's language, naming the figure it is about. */
export function issueText(issue: ValidationIssue, ranges: RulesDocument['ranges'], locale: Locale, t: Translate): string {
	const path = issue.path ?? '';
	const rule = path ? figureLabel(path, t) : t('rules.title');
	const range = figureRange(path, ranges);
	const code = issue.code.replace(/^rules\./, '');
	const values = { rule, unit: figureUnit(path, locale), min: range?.min ?? '', max: range?.max ?? '', message: issue.message };
	if (['not-number', 'not-integer', 'out-of-range', 'level-order'].includes(code)) return t(`rules.issue.${code}`, { values });
	return t('rules.issue.other', { values });
}
