/**
 * The project's campaign rules (DESIGN.md §3): the `rules` key of the `settings` table holds the
 * values a project changed, as JSON; what it does not name falls back to DEFAULT_RULES. Values are
 * validated into coded issues before anything is stored, so a typo never reaches an analysis.
 */
import { deepFreeze } from '../../../deep-freeze';
import { UNCHANGED, type SettingsStore, type StoredSetting } from '../../store/settings';
import { DEFAULT_RULES, RULE_SOURCES, RULE_UNITS, type Rules } from '../../../domain/rules';
import { ROAD_CLASSES } from '../../../domain/road-class';
import { issue, type ValidationIssue } from '../../../issues';
import { LEVEL_GRADES, VECTOR_INDEX_KEYS, VECTOR_LEVEL_SOURCES, type LevelGrade, type LevelThresholds, type VectorIndexKey } from '../../../domain/vector-levels';

export const RULES_KEY = 'rules';

/**
 * Sensible ranges: wide enough for any local standard (a village may set alleys stricter than
 * CJJ 27's 400 m, a city wider radii), narrow enough to catch a unit mistake (km for m, 0.9 for 90 %).
 */
export const RULE_RANGES: Readonly<Record<Exclude<keyof Rules, 'binSpacingM' | 'vectorLevels'>, { min: number; max: number; integer?: boolean; unit: string }>> & {
	binSpacingM: { min: number; max: number; unit: string };
	vectorLevels: { min: number; max: number; unit: string };
} = {
	binSpacingM: { min: 10, max: 2000, unit: RULE_UNITS.binSpacingM },
	binWalkingRadiusM: { min: 10, max: 500, unit: RULE_UNITS.binWalkingRadiusM },
	collectionPointRadiusM: { min: 10, max: 2000, unit: RULE_UNITS.collectionPointRadiusM },
	publicToiletRadiusM: { min: 10, max: 5000, unit: RULE_UNITS.publicToiletRadiusM },
	hardeningTargetPct: { min: 0, max: 100, unit: RULE_UNITS.hardeningTargetPct },
	hardeningTargetAlleyPct: { min: 0, max: 100, unit: RULE_UNITS.hardeningTargetAlleyPct },
	boardContentIntervalDays: { min: 1, max: 730, integer: true, unit: RULE_UNITS.boardContentIntervalDays },
	hotspotDeadlineDays: { min: 1, max: 365, integer: true, unit: RULE_UNITS.hotspotDeadlineDays },
	baitRefillIntervalDays: { min: 1, max: 365, integer: true, unit: RULE_UNITS.baitRefillIntervalDays },
	// An index (Breteau: positive containers per 100 households) or a percentage; null = not set.
	vectorLevels: { min: 0, max: 1000, unit: 'index or %' }
};

export type RuleOverrides = Partial<Omit<Rules, 'binSpacingM' | 'vectorLevels'>> & {
	binSpacingM?: Partial<Rules['binSpacingM']>;
	vectorLevels?: Partial<Record<VectorIndexKey, Partial<LevelThresholds>>>;
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function checkNumber(value: unknown, range: { min: number; max: number; integer?: boolean; unit: string }, path: string, out: ValidationIssue[]): value is number {
	if (typeof value !== 'number' || !Number.isFinite(value)) {
		out.push(issue('rules.not-number', `${path} must be a number (${range.unit}).`, path));
		return false;
	}
	if (range.integer && !Number.isInteger(value)) {
		out.push(issue('rules.not-integer', `${path} must be a whole number of ${range.unit}.`, path));
		return false;
	}
	if (value < range.min || value > range.max) {
		out.push(issue('rules.out-of-range', `${path} must be from ${range.min} to ${range.max} ${range.unit}, got ${value}.`, path));
		return false;
	}
	return true;
}

/**
 * Checks a partial rules document. Returns the overrides it sets, or the issues; never throws.
 * Unknown rules and road classes are refused rather than ignored: a misspelt key would otherwise
 * silently leave the default in force.
 */
export function validateRuleOverrides(input: unknown): { ok: true; value: RuleOverrides } | { ok: false; issues: ValidationIssue[] } {
	if (!isObject(input)) return { ok: false, issues: [issue('rules.not-object', 'Send the rules as a JSON object, e.g. {"binWalkingRadiusM": 70}.', '')] };
	const issues: ValidationIssue[] = [];
	const value: Record<string, unknown> = {};
	for (const [key, raw] of Object.entries(input)) {
		if (key === 'binSpacingM') {
			if (!isObject(raw)) {
				issues.push(issue('rules.not-object', `binSpacingM must be an object of metres by road class (${ROAD_CLASSES.join(', ')}).`, key));
				continue;
			}
			const spacing: Record<string, number> = {};
			for (const [cls, metres] of Object.entries(raw)) {
				const path = `binSpacingM.${cls}`;
				if (!(ROAD_CLASSES as readonly string[]).includes(cls)) {
					issues.push(issue('rules.unknown-road-class', `"${cls}" is not a road class (known: ${ROAD_CLASSES.join(', ')}).`, path));
				} else if (checkNumber(metres, RULE_RANGES.binSpacingM, path, issues)) spacing[cls] = metres;
			}
			value.binSpacingM = spacing;
		} else if (key === 'vectorLevels') {
			const levels = checkVectorLevels(raw, issues);
			if (levels) value.vectorLevels = levels;
		} else if (key in RULE_RANGES) {
			if (checkNumber(raw, RULE_RANGES[key as Exclude<keyof typeof RULE_RANGES, 'vectorLevels'>], key, issues)) value[key] = raw;
		} else {
			issues.push(issue('rules.unknown', `"${key}" is not a rule (known: ${Object.keys(DEFAULT_RULES).join(', ')}).`, key));
		}
	}
	return issues.length > 0 ? { ok: false, issues } : { ok: true, value: value as RuleOverrides };
}

/**
 * `vectorLevels`: per index, any of A, B, C as a number or null (null: the figure is not known, the
 * level is not judged on it). The thresholds set must not get stricter from A to C.
 */
function checkVectorLevels(raw: unknown, issues: ValidationIssue[]): RuleOverrides['vectorLevels'] | null {
	if (!isObject(raw)) {
		issues.push(issue('rules.not-object', `vectorLevels must be an object of thresholds by index (${VECTOR_INDEX_KEYS.join(', ')}).`, 'vectorLevels'));
		return null;
	}
	const out: NonNullable<RuleOverrides['vectorLevels']> = {};
	for (const [index, thresholds] of Object.entries(raw)) {
		const path = `vectorLevels.${index}`;
		if (!(VECTOR_INDEX_KEYS as readonly string[]).includes(index)) {
			issues.push(issue('rules.unknown-index', `"${index}" is not a vector index (known: ${VECTOR_INDEX_KEYS.join(', ')}).`, path));
			continue;
		}
		if (!isObject(thresholds)) {
			issues.push(issue('rules.not-object', `${path} must be an object like {"A": 1, "B": 3, "C": 5}.`, path));
			continue;
		}
		const kept: Partial<LevelThresholds> = {};
		for (const [grade, limit] of Object.entries(thresholds)) {
			if (!(LEVEL_GRADES as readonly string[]).includes(grade)) issues.push(issue('rules.unknown-level', `"${grade}" is not a level (A, B or C).`, `${path}.${grade}`));
			else if (limit === null) kept[grade as 'A'] = null;
			else if (checkNumber(limit, RULE_RANGES.vectorLevels, `${path}.${grade}`, issues)) kept[grade as 'A'] = limit;
		}
		const merged = { ...DEFAULT_RULES.vectorLevels[index as VectorIndexKey], ...kept };
		const set = LEVEL_GRADES.filter((g) => merged[g] !== null);
		for (let i = 1; i < set.length; i++) {
			if ((merged[set[i]] as number) < (merged[set[i - 1]] as number)) {
				issues.push(issue('rules.level-order', `${path}: level ${set[i]} (${merged[set[i]]}) cannot be stricter than level ${set[i - 1]} (${merged[set[i - 1]]}).`, path));
			}
		}
		out[index as VectorIndexKey] = kept;
	}
	return out;
}

/** Overrides merged over the defaults (spacing merged class by class, vector levels index by index). */
export function mergeRules(overrides: RuleOverrides): Rules {
	const vectorLevels = { ...DEFAULT_RULES.vectorLevels };
	for (const index of VECTOR_INDEX_KEYS) vectorLevels[index] = { ...DEFAULT_RULES.vectorLevels[index], ...(overrides.vectorLevels?.[index] ?? {}) };
	return {
		...DEFAULT_RULES,
		...overrides,
		binSpacingM: { ...DEFAULT_RULES.binSpacingM, ...(overrides.binSpacingM ?? {}) },
		vectorLevels
	} as Rules;
}

export interface StoredRules {
	/** The rules in force: the project's values merged over the defaults. */
	rules: Rules;
	/** Only what the project changed. */
	overrides: RuleOverrides;
	updatedAt: string | null;
	updatedBy: string | null;
}

export class RulesService {
	constructor(
		private readonly store: SettingsStore,
		private readonly clock: () => Date = () => new Date()
	) {}

	/**
	 * Every edit reads the rules (deadlines), so the row is parsed again only when the store says
	 * its revision changed. The row is still read each time, so a change made by another process
	 * (another server over the same database) is seen at once. `revision` null: no row is stored.
	 */
	private parsed: { revision: string | null; stored: StoredRules } | undefined;

	async get(): Promise<StoredRules> {
		const last = this.parsed;
		const read = await this.store.read(RULES_KEY, last?.revision ?? undefined);
		// No row (the defaults) stays as cheap as an unchanged one.
		if (last && (read === UNCHANGED || (read === undefined && last.revision === null))) return last.stored;
		const fresh = read === UNCHANGED ? undefined : read;
		// Shared by every caller until the row changes, so frozen: nobody can change the rules in force by accident.
		this.parsed = { revision: fresh?.revision ?? null, stored: deepFreeze(storedRulesOf(fresh?.setting)) };
		return this.parsed.stored;
	}

	/** Replaces the project's overrides (rules not named return to their defaults). */
	async put(input: unknown, author: string): Promise<{ ok: true; value: StoredRules } | { ok: false; issues: ValidationIssue[] }> {
		const checked = validateRuleOverrides(input);
		if (!checked.ok) return checked;
		await this.store.put({ key: RULES_KEY, value: checked.value, updatedAt: this.clock().toISOString(), updatedBy: author });
		return { ok: true, value: await this.get() };
	}
}

function storedRulesOf(setting: StoredSetting | undefined): StoredRules {
	if (!setting) return { rules: mergeRules({}), overrides: {}, updatedAt: null, updatedBy: null };
	// A stored value that no longer validates (a range tightened since) is dropped rule by rule
	// rather than breaking every analysis: what still validates stays in force.
	const overrides = keepValid(setting.value);
	return { rules: mergeRules(overrides), overrides, updatedAt: setting.updatedAt, updatedBy: setting.updatedBy };
}

function keepValid(stored: unknown): RuleOverrides {
	if (!isObject(stored)) return {};
	const kept: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(stored)) {
		if (key === 'binSpacingM' && isObject(value)) {
			const spacing: Record<string, unknown> = {};
			for (const [cls, m] of Object.entries(value)) if (validateRuleOverrides({ binSpacingM: { [cls]: m } }).ok) spacing[cls] = m;
			kept.binSpacingM = spacing;
		} else if (key === 'vectorLevels' && isObject(value)) {
			const levels: Record<string, unknown> = {};
			for (const [index, thresholds] of Object.entries(value)) if (validateRuleOverrides({ vectorLevels: { [index]: thresholds } }).ok) levels[index] = thresholds;
			kept.vectorLevels = levels;
		} else if (validateRuleOverrides({ [key]: value }).ok) kept[key] = value;
	}
	return kept as RuleOverrides;
}

/** What GET /api/rules sends: the values in force, the defaults, and where each figure comes from. */
export function rulesDocument(stored: StoredRules) {
	return {
		rules: stored.rules,
		overrides: stored.overrides,
		defaults: DEFAULT_RULES,
		sources: RULE_SOURCES,
		vectorLevelSources: vectorLevelSourcesInForce(stored.overrides),
		ranges: RULE_RANGES,
		updatedAt: stored.updatedAt,
		updatedBy: stored.updatedBy
	};
}

/**
 * Each vector index's sources (domain/vector-levels.ts) with `overridden`: the grades whose
 * threshold in force was set in the rules (by `updatedBy` at `updatedAt`) rather than taken from them.
 */
function vectorLevelSourcesInForce(overrides: RuleOverrides) {
	return Object.fromEntries(
		VECTOR_INDEX_KEYS.map((index) => {
			const set = overrides.vectorLevels?.[index] ?? {};
			return [index, { ...VECTOR_LEVEL_SOURCES[index], overridden: LEVEL_GRADES.filter((g) => g in set) }];
		})
	) as Record<VectorIndexKey, (typeof VECTOR_LEVEL_SOURCES)[VectorIndexKey] & { overridden: LevelGrade[] }>;
}
