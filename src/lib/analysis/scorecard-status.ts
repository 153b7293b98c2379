/**
 * How a scorecard judges one figure against its target: meets, close or fails (or none when the
 * figure does not apply, e.g. a zone without roads has no hardening rate).
 *
 * "Close" is within CLOSE_MARGIN (10 %) of the target: a rate of at least 90 % of its target, or a
 * shortfall that should be zero but is at most 10 % of what it is measured against (gap metres of
 * the zone's road length, overdue cases of its open cases, …). The margin is a reporting choice of
 * this project, not a figure from a standard; the report states it.
 */
import type { LocalizedText } from '../domain/i18n-text';
import { RULE_SOURCES, type Rules } from '../domain/rules';

export type Status = 'meets' | 'close' | 'fails' | 'none';

export const CLOSE_MARGIN = 0.1;

/** Float noise allowance in percentage points, so 90 % computed as 89.9999999 still meets 90 %. */
const EPSILON = 1e-6;

/** A rate that should reach `targetPct`. */
export function judgeAtLeast(valuePct: number | null, targetPct: number): Status {
	if (valuePct === null) return 'none';
	if (valuePct >= targetPct - EPSILON) return 'meets';
	return valuePct >= targetPct * (1 - CLOSE_MARGIN) - EPSILON ? 'close' : 'fails';
}

/** A shortfall that should be zero, out of `base` (null base: nothing to measure against → none). */
export function judgeZero(shortfall: number, base: number | null): Status {
	if (base === null || base <= 0) return shortfall > 0 ? 'fails' : 'none';
	if (shortfall <= EPSILON) return 'meets';
	return shortfall <= base * CLOSE_MARGIN + EPSILON ? 'close' : 'fails';
}

/**
 * The rule a figure is judged by: a configurable rule (DESIGN.md §3) or one of the campaign's
 * plain requirements that have no number to configure.
 */
export type RuleKey = keyof Rules | 'drainsClear' | 'frontageContract' | 'hygieneLicence';

const REQUIREMENT_SOURCES: Record<Exclude<RuleKey, keyof Rules>, LocalizedText> = {
	drainsClear: { zh: '卫生检查要求：沟渠畅通、无淤积堵塞', en: 'inspection requirement: drains free-flowing, not silted or blocked' },
	frontageContract: { zh: '门前三包责任制', en: 'frontage responsibility system (门前三包)' },
	hygieneLicence: { zh: '食品经营单位须持有效卫生许可', en: 'food trades must hold a valid hygiene licence' }
};

export function ruleSource(key: RuleKey): LocalizedText {
	return key in RULE_SOURCES ? RULE_SOURCES[key as keyof Rules] : REQUIREMENT_SOURCES[key as Exclude<RuleKey, keyof Rules>];
}
