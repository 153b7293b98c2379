/**
 * Vector density control levels (病媒生物密度控制水平, GB/T 27770 rodents, 27771 mosquitoes,
 * 27772 flies, 27773 cockroaches): for each index sanimap computes from a survey's raw counts, the
 * highest value that still reaches level A, B and C. Every index here is "lower is better", and a
 * value equal to a threshold reaches that level (the standards say 不超过, "not above").
 *
 * The official texts were not at hand. Each threshold below is a figure quoted in public secondary
 * sources, named in VECTOR_LEVEL_SOURCES; a level whose figure was not found is `null`, said so in its
 * source, and left for an administrator to set (PUT /api/rules). No figure here is a guess.
 *
 * With a threshold missing the level is judged on those present: a value meeting C while A and B are
 * unset shows as C ("at least C"); a value above every set threshold is "below C" only when C is set.
 */
import type { LocalizedText } from './i18n-text';

export const VECTOR_INDEX_KEYS = [
	'mosquitoBreteauIndex',
	'mosquitoHouseIndex',
	'mosquitoContainerIndex',
	'rodentPowderPositivePct',
	'rodentTrapCapturePct',
	'flyRoomPositivePct',
	'cockroachInfestationPct'
] as const;
export type VectorIndexKey = (typeof VECTOR_INDEX_KEYS)[number];

/** The unit of each index's thresholds: the Breteau index counts positive containers per 100 households, the others are percentages. */
export const VECTOR_INDEX_UNITS: Record<VectorIndexKey, '' | '%'> = {
	mosquitoBreteauIndex: '',
	mosquitoHouseIndex: '%',
	mosquitoContainerIndex: '%',
	rodentPowderPositivePct: '%',
	rodentTrapCapturePct: '%',
	flyRoomPositivePct: '%',
	cockroachInfestationPct: '%'
};

export const LEVEL_GRADES = ['A', 'B', 'C'] as const;
export type LevelGrade = (typeof LEVEL_GRADES)[number];
/** A level reached, worst last. */
export type DensityLevel = LevelGrade | 'below-C';
export const DENSITY_LEVELS: readonly DensityLevel[] = ['A', 'B', 'C', 'below-C'];

export type LevelThresholds = Record<LevelGrade, number | null>;
export type VectorLevels = Record<VectorIndexKey, LevelThresholds>;

const t = (A: number | null, B: number | null, C: number | null): LevelThresholds => Object.freeze({ A, B, C });

export const DEFAULT_VECTOR_LEVELS: Readonly<VectorLevels> = Object.freeze({
	mosquitoBreteauIndex: t(null, null, null),
	mosquitoHouseIndex: t(null, null, null),
	mosquitoContainerIndex: t(null, null, 3),
	rodentPowderPositivePct: t(null, null, 3),
	rodentTrapCapturePct: t(null, null, null),
	flyRoomPositivePct: t(null, null, 9),
	cockroachInfestationPct: t(null, null, 5)
});

export const VECTOR_LEVEL_SOURCES: Record<VectorIndexKey, LocalizedText> = {
	mosquitoBreteauIndex: {
		zh: 'GB/T 27771-2011：现有资料中未查到布雷图指数的 A/B/C 数值，请管理员按原文设定。参考（不是控制水平）：登革热媒介伊蚊监测的风险提示，BI ≤ 5 安全，> 5 有传播风险，> 20 有流行风险（公开转引）',
		en: 'GB/T 27771-2011: no A/B/C figures for the Breteau index were found in the sources at hand; an administrator should set them from the text. For reference only (not a control level): dengue vector guidance as publicly quoted, BI ≤ 5 safe, > 5 transmission risk, > 20 epidemic risk'
	},
	mosquitoHouseIndex: {
		zh: 'GB/T 27771-2011：现有资料中未查到房屋指数的 A/B/C 数值，请管理员按原文设定',
		en: 'GB/T 27771-2011: no A/B/C figures for the house index were found in the sources at hand; an administrator should set them from the text'
	},
	mosquitoContainerIndex: {
		zh: 'C = 3 %：全国爱卫会 2001 年灭蚊标准（公开转引）“各种存水容器和积水中蚊幼及蛹的阳性率不超过 3%”，作为及格线；GB/T 27771-2011 表中 A/B/C 数值未查到',
		en: 'C = 3 %: the 2001 national Patriotic Health Campaign mosquito standard as publicly quoted ("larvae or pupae in at most 3 % of water-holding containers"), taken as the pass line; the A/B/C figures of GB/T 27771-2011 were not found'
	},
	rodentPowderPositivePct: {
		zh: 'C = 3 %：全国爱卫会 2001 年灭鼠标准（公开转引）“布放滑石粉块，一夜后阳性粉块不超过 3%”，作为及格线；GB/T 27770-2011 的 A/B/C 数值未查到（公开调查：室内鼠迹阳性率 2.20 % 评为 B 级，4.96 % 符合国标）',
		en: 'C = 3 %: the 2001 national Patriotic Health Campaign rodent standard as publicly quoted ("at most 3 % of talc powder patches positive after one night"), taken as the pass line; the A/B/C figures of GB/T 27770-2011 were not found (published surveys rate an indoor rodent-sign rate of 2.20 % as B and 4.96 % as meeting the standard)'
	},
	rodentTrapCapturePct: {
		zh: 'GB/T 27770-2011：现有资料中未查到捕获率（夹夜法）的 A/B/C 数值，请管理员按原文设定',
		en: 'GB/T 27770-2011: no A/B/C figures for the trap capture rate were found in the sources at hand; an administrator should set them from the text'
	},
	flyRoomPositivePct: {
		zh: 'C = 9 %：GB/T 27772-2011 室内成蝇 C 级“有蝇房间阳性率 ≤ 9%，阳性间蝇密度 ≤ 3 只/间”（创卫宣传材料转引；海淀区调查 17.60 % 为国标的 1.96 倍，相符）；A、B 级数值未查到；2025 年修订版（GB/T 27772-2025，2025-11-01 实施）的数值未查到',
		en: 'C = 9 %: GB/T 27772-2011 indoor flies, level C "rooms with flies ≤ 9 %, ≤ 3 flies per positive room" (as quoted by sanitary-city campaign material; a Haidian survey of 17.60 % is called 1.96 times the standard, which agrees); A and B not found; the figures of the 2025 revision (GB/T 27772-2025, in force 2025-11-01) were not found'
	},
	cockroachInfestationPct: {
		zh: 'C = 5 %：GB/T 27773-2011 成若虫侵害率 C 级，由海淀区调查推得（侵害率 9.10 % 为国标的 1.82 倍）；A、B 级数值未查到。旧标准（全国爱卫会 2001）为阳性房间不超过 3%',
		en: 'C = 5 %: GB/T 27773-2011 adult and nymph infestation rate, level C, as implied by a Haidian survey (9.10 % called 1.82 times the standard); A and B not found. The older 2001 national standard was at most 3 % of rooms positive'
	}
};

const EPSILON = 1e-9;

/** The level a value reaches against its thresholds; null when the value or every needed threshold is missing. */
export function densityLevel(value: number | null, thresholds: LevelThresholds): DensityLevel | null {
	if (value === null || !Number.isFinite(value)) return null;
	for (const grade of LEVEL_GRADES) {
		const limit = thresholds[grade];
		if (limit !== null && value <= limit + EPSILON) return grade;
	}
	return thresholds.C !== null ? 'below-C' : null;
}

/** The worse of two levels (null: not judged, ignored). */
export function worseLevel(a: DensityLevel | null, b: DensityLevel | null): DensityLevel | null {
	if (a === null) return b;
	if (b === null) return a;
	return DENSITY_LEVELS.indexOf(a) >= DENSITY_LEVELS.indexOf(b) ? a : b;
}
