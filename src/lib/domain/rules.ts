/**
 * Campaign rules with their defaults (DESIGN.md §3). Every value is configurable per project and
 * stored in the database; these defaults are what a new project starts with.
 *
 * Figures are from Chinese standards as quoted in public secondary sources (the official texts
 * were not at hand), so each rule carries its source for the UI to show.
 */
import type { RoadClass } from './road-class';
import type { LocalizedText } from './i18n-text';
import { DEFAULT_VECTOR_LEVELS, type VectorLevels } from './vector-levels';

export type { VectorLevels } from './vector-levels';

export interface Rules {
	/** Maximum spacing of litter bins along a road, by road class (CJJ 27). */
	binSpacingM: Record<RoadClass, number>;
	/** Walking radius a bin serves for buildings and address points. */
	binWalkingRadiusM: number;
	/** Service radius of a refuse collection point (GB 55013-2021 as quoted in secondary sources; legacy 70 m). */
	collectionPointRadiusM: number;
	publicToiletRadiusM: number;
	/** Road hardening rate target per zone, percent. */
	hardeningTargetPct: number;
	hardeningTargetAlleyPct: number;
	/** A display board is stale when its content is older than this. */
	boardContentIntervalDays: number;
	/** Hotspot rectification deadline after assignment (限期整改). */
	hotspotDeadlineDays: number;
	/** A bait station (毒饵站) is stale when not refilled within this many days. */
	baitRefillIntervalDays: number;
	/** Density control levels (GB/T 27770–27773): the A, B and C thresholds of each vector index (vector-levels.ts). */
	vectorLevels: VectorLevels;
}

export const DEFAULT_RULES: Readonly<Rules> = Object.freeze({
	binSpacingM: Object.freeze({ commercial: 100, main: 200, secondary: 200, branch: 400, alley: 400 }),
	binWalkingRadiusM: 70,
	collectionPointRadiusM: 120,
	publicToiletRadiusM: 300,
	hardeningTargetPct: 90,
	hardeningTargetAlleyPct: 100,
	boardContentIntervalDays: 60,
	hotspotDeadlineDays: 7,
	baitRefillIntervalDays: 30,
	vectorLevels: DEFAULT_VECTOR_LEVELS
}) as Readonly<Rules>;

export const RULE_SOURCES: Record<keyof Rules, LocalizedText> = {
	binSpacingM: { zh: 'CJJ 27 城镇环境卫生设施设置标准', en: 'CJJ 27 urban sanitation facilities standard' },
	binWalkingRadiusM: { zh: '地方实践（调查：步行 38–80 米）', en: 'local practice (surveys: 38–80 m walk)' },
	collectionPointRadiusM: { zh: 'GB 55013-2021 环境卫生工程项目规范（公开资料转引；旧标准 70 米）', en: 'GB 55013-2021 sanitation works code, as quoted in public sources (legacy standard 70 m)' },
	publicToiletRadiusM: { zh: 'GB 55013-2021 环境卫生工程项目规范（公开资料转引）', en: 'GB 55013-2021 sanitation works code, as quoted in public sources' },
	hardeningTargetPct: { zh: '国家卫生乡镇 / 省卫生村标准', en: 'national sanitary town / provincial sanitary village standards' },
	hardeningTargetAlleyPct: { zh: '国家卫生乡镇 / 省卫生村标准', en: 'national sanitary town / provincial sanitary village standards' },
	boardContentIntervalDays: { zh: '健康教育宣传栏指引', en: 'health-education board guidance' },
	hotspotDeadlineDays: { zh: '地方实践', en: 'local practice' },
	baitRefillIntervalDays: { zh: '地方实践（创卫报告：每月投放鼠药）', en: 'local practice (campaign reports: bait laid monthly)' },
	vectorLevels: {
		zh: 'GB/T 27770–27773 病媒生物密度控制水平；各指标的来源见 vectorLevelSources（未查到的数值留空，由管理员设定）',
		en: 'GB/T 27770–27773 vector density control levels; each index names its source in vectorLevelSources (figures not found are left empty for an administrator to set)'
	}
};

/**
 * The unit of each rule's value, by symbol (`m`, `%`, `days`): the allowed ranges, the rules screen
 * and the report's citations ("120 m", "120 米") all read it from here. Vector levels are indices
 * (Breteau: positive containers per 100 households) or percentages, named per index.
 */
export const RULE_UNITS: Record<Exclude<keyof Rules, 'vectorLevels'>, 'm' | '%' | 'days'> = {
	binSpacingM: 'm',
	binWalkingRadiusM: 'm',
	collectionPointRadiusM: 'm',
	publicToiletRadiusM: 'm',
	hardeningTargetPct: '%',
	hardeningTargetAlleyPct: '%',
	boardContentIntervalDays: 'days',
	hotspotDeadlineDays: 'days',
	baitRefillIntervalDays: 'days'
};
