/**
 * Vector density control levels (病媒生物密度控制水平, GB/T 27770 rodents, 27771 mosquitoes,
 * 27772 flies, 27773 cockroaches): for each index sanimap computes from a survey's raw counts, the
 * highest value that still reaches level A, B and C. Every index here is "lower is better", and a
 * value equal to a threshold reaches that level (the standards say 不超过, "not above").
 *
 * The official texts were not at hand. Each default threshold is a figure quoted in public
 * secondary sources, and VECTOR_LEVEL_SOURCES names, grade by grade, the document it is from, the
 * clause or level, and the addresses it was found at; a grade whose figure was not found is `null`,
 * its source `null`, and left for an administrator to set (PUT /api/rules). No figure here is a guess.
 *
 * What the sources say about the standards themselves, and why several indices have no GB/T level:
 * - GB/T 27771-2011 (mosquitoes) judges larvae by the path index of small water bodies (路径指数,
 *   positive bodies per km), the dipper index of large ones (采样勺指数) and adults by the landing
 *   index (停落指数); it sets no level on the Breteau, house or container indices sanimap computes.
 * - GB/T 27770-2011 (rodents) judges rooms by the rodent-sign rate (鼠迹阳性率), the outdoors by a
 *   path index and rodent-proofing; its A/B/C figures were not found, nor a level for powder patches
 *   or trap capture. The powder figure below is the 2001 national campaign standard's.
 * - GB/T 27772-2025 (flies, issued 2025-04-25, in force 2025-11-01) replaces GB/T 27772-2011; its
 *   figures were not found, so the fly figure below is the 2011 text's C.
 *
 * With a threshold missing the level is judged on those present: a value meeting C while A and B are
 * unset reaches "at least C" (levelMayBeBetter says so, and the pages write "C or better"); a value
 * above every set threshold is "below C" only when C is set.
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

/** Where one default threshold comes from. */
export interface ThresholdSource {
	/** The document the figure is in: a standard's number and year. */
	document: string;
	/** Where in it: the level and the measure, as the sources quote them. */
	clause: LocalizedText;
	/** The public pages the figure was read at (the official text was not at hand). */
	foundAt: readonly string[];
	/** `quoted`: the figure is written there; `derived`: worked out from a ratio written there (see `clause`). */
	how: 'quoted' | 'derived';
}

/** An index's sources: per grade the source of its default, or null where no figure was found. */
export interface VectorLevelSource {
	/** The control-level standard of the index's group. */
	standard: string;
	grades: Record<LevelGrade, ThresholdSource | null>;
	/** What was found and what was not, in words. */
	note: LocalizedText;
}

const CAMPAIGN_2001 = '全国爱卫会《灭鼠、蚊、蝇、蟑螂标准》(2001)';
const CAMPAIGN_2001_PAGES = ['http://internationalkra.com/newsshow.asp?classid=1&newsid=1474', 'https://www.o15.net/index.php/749661136311897932.html', 'https://m.xueke.org/wenku/213791.html'];
const C_LEVELS_PAGE = 'http://www.nbyuying.com/yewu/19.html';
const HAIDIAN_SURVEY = 'https://scholarmate.com/S/Cishcj';
const XIAN_RODENT_SURVEY = 'http://202.203.159.49:8080/article/detail.aspx?id=7106002622';
const XIAN_MOSQUITO_SURVEY = 'https://search.napstic.cn/literature/periodical/010zhwsscyx202104014';
const FLIES_2025 = 'https://www.chinesestandards.org/standards/GB/T%2027772-2025';
const DENGUE_BI = 'https://psc.zs.gov.cn/gzdt/ckdt/content/post_2539714.html';

const none = { A: null, B: null, C: null };

export const VECTOR_LEVEL_SOURCES: Record<VectorIndexKey, VectorLevelSource> = {
	mosquitoBreteauIndex: {
		standard: 'GB/T 27771-2011',
		grades: none,
		note: {
			zh: `GB/T 27771-2011 以小型积水路径指数、大中型水体采样勺指数和成蚊停落指数评价蚊虫（${C_LEVELS_PAGE}；${XIAN_MOSQUITO_SURVEY}），未对布雷图指数设 A/B/C，故不判定，请管理员按采用的标准设定。仅供参考（不是控制水平）：登革热媒介伊蚊风险提示 BI 超过 5 有传播风险、超过 20 有暴发风险（${DENGUE_BI}）`,
			en: `GB/T 27771-2011 judges mosquitoes by the path index of small water bodies, the dipper index of large ones and the adult landing index (${C_LEVELS_PAGE}; ${XIAN_MOSQUITO_SURVEY}); it sets no A/B/C on the Breteau index, which is therefore not judged until an administrator sets it from the standard adopted. For reference only (not a control level): dengue vector guidance, BI above 5 a transmission risk, above 20 an outbreak risk (${DENGUE_BI})`
		}
	},
	mosquitoHouseIndex: {
		standard: 'GB/T 27771-2011',
		grades: none,
		note: {
			zh: 'GB/T 27771-2011 未对房屋指数设 A/B/C（见布雷图指数），不判定，请管理员设定',
			en: 'GB/T 27771-2011 sets no A/B/C on the house index (see the Breteau index); not judged until an administrator sets it'
		}
	},
	mosquitoContainerIndex: {
		standard: 'GB/T 27771-2011',
		grades: {
			A: null,
			B: null,
			C: {
				document: CAMPAIGN_2001,
				clause: { zh: '灭蚊标准第 1 条：各种存水容器和积水中蚊幼及蛹的阳性率不超过 3%', en: 'mosquitoes, item 1: larvae or pupae in at most 3 % of water-holding containers and standing water' },
				foundAt: CAMPAIGN_2001_PAGES,
				how: 'quoted'
			}
		},
		note: {
			zh: 'C = 3 % 取自 2001 年全国爱卫会标准，作为及格线；GB/T 27771-2011 未对容器指数设 A/B/C（见布雷图指数）',
			en: 'C = 3 % is the 2001 national campaign standard, taken as the pass line; GB/T 27771-2011 sets no A/B/C on the container index (see the Breteau index)'
		}
	},
	rodentPowderPositivePct: {
		standard: 'GB/T 27770-2011',
		grades: {
			A: null,
			B: null,
			C: {
				document: CAMPAIGN_2001,
				clause: { zh: '灭鼠标准第 1 条：15 m² 标准房间布放 20×20 cm 滑石粉块两块，一夜后阳性粉块不超过 3%', en: 'rodents, item 1: two 20 × 20 cm talc patches per 15 m² room, at most 3 % positive after one night' },
				foundAt: CAMPAIGN_2001_PAGES,
				how: 'quoted'
			}
		},
		note: {
			zh: `C = 3 % 取自 2001 年全国爱卫会标准，作为及格线。GB/T 27770-2011 以室内鼠迹阳性率评价，其 A/B/C 数值未查到（公开调查：鼠迹阳性率 2.20 % 评为 B 级，${XIAN_RODENT_SURVEY}；4.96 % 符合国标，${HAIDIAN_SURVEY}）`,
			en: `C = 3 % is the 2001 national campaign standard, taken as the pass line. GB/T 27770-2011 judges rooms by the rodent-sign rate; its A/B/C figures were not found (published surveys: a sign rate of 2.20 % rated B, ${XIAN_RODENT_SURVEY}; 4.96 % meeting the standard, ${HAIDIAN_SURVEY})`
		}
	},
	rodentTrapCapturePct: {
		standard: 'GB/T 27770-2011',
		grades: none,
		note: {
			zh: 'GB/T 27770-2011 和 2001 年标准中均未查到捕获率（夹夜法）的控制水平，不判定，请管理员设定',
			en: 'no control level for the trap capture rate was found in GB/T 27770-2011 or the 2001 standard; not judged until an administrator sets it'
		}
	},
	flyRoomPositivePct: {
		standard: 'GB/T 27772-2025 (replacing GB/T 27772-2011)',
		grades: {
			A: null,
			B: null,
			C: {
				document: 'GB/T 27772-2011',
				clause: { zh: '室内成蝇密度控制水平 C 级：有蝇房间阳性率 ≤ 9%，阳性间蝇密度 ≤ 3 只/间', en: 'indoor adult flies, level C: rooms with flies ≤ 9 %, ≤ 3 flies per positive room' },
				foundAt: [C_LEVELS_PAGE, 'http://www1.aemvc.com/hyfw/1266.html', HAIDIAN_SURVEY],
				how: 'quoted'
			}
		},
		note: {
			zh: `C = 9 % 为 GB/T 27772-2011 的 C 级（海淀区调查 17.60 % 为国标的 1.96 倍，相符）；A、B 级未查到。GB/T 27772-2025（2025-04-25 发布，2025-11-01 实施，${FLIES_2025}）代替 2011 版，其数值未查到，请管理员按 2025 版核对`,
			en: `C = 9 % is level C of GB/T 27772-2011 (a Haidian survey's 17.60 % called 1.96 times the standard agrees); A and B not found. GB/T 27772-2025 (issued 2025-04-25, in force 2025-11-01, ${FLIES_2025}) replaces the 2011 text; its figures were not found, and an administrator should check this one against it`
		}
	},
	cockroachInfestationPct: {
		standard: 'GB/T 27773-2011',
		grades: {
			A: null,
			B: null,
			C: {
				document: 'GB/T 27773-2011',
				clause: { zh: '室内成若虫侵害率（C 级）：海淀区调查“侵害率 9.10 %，超出国标 1.82 倍”，9.10 ÷ 1.82 = 5.0 %', en: 'indoor adult and nymph infestation rate (level C): a Haidian survey’s "9.10 %, 1.82 times the national standard", 9.10 ÷ 1.82 = 5.0 %' },
				foundAt: [HAIDIAN_SURVEY],
				how: 'derived'
			}
		},
		note: {
			zh: 'C = 5 % 由公开调查推得（同一调查的蝇类比值推得 9 %，与引用的 C 级一致）；A、B 级未查到。2001 年标准为阳性房间不超过 3%',
			en: 'C = 5 % is worked out from a published survey (the same survey’s ratio for flies gives 9 %, the quoted level C); A and B not found. The 2001 standard was at most 3 % of rooms positive'
		}
	}
};

/**
 * Whether a level reached may be better than it says: it is a grade, and a better grade's threshold
 * is not set (with A and B unknown, a value meeting C is "C or better").
 */
export function levelMayBeBetter(level: DensityLevel | null, thresholds: LevelThresholds): boolean {
	if (level === null || level === 'below-C') return false;
	return LEVEL_GRADES.slice(0, LEVEL_GRADES.indexOf(level)).some((g) => thresholds[g] === null);
}

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
