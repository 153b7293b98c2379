/**
 * 除四害 records: vector surveys (the raw counts of the standard monitoring methods, GB/T 23795–23798)
 * and vector activities (what was done: bait laid, area treated, stations refilled, sites cleared).
 * Both are features (kinds `vectorSurvey` and `vectorActivity`, placed at their zone), so every one
 * is versioned, undoable and goes through the one edit path. Indices are computed, never stored.
 *
 * The checks here are the ones a single field's range cannot express: positives above what was
 * inspected, counts that do not belong to the survey's method, a date after today in the project's
 * time zone. They return coded issues naming the field, in English and Chinese; they never throw.
 */
import { issue, type ValidationIssue } from '../issues';
import { localDate } from './time/instants';

export const SURVEY_KINDS = ['mosquito-larvae', 'rodent-powder', 'rodent-trap', 'fly', 'cockroach'] as const;
export type SurveyKind = (typeof SURVEY_KINDS)[number];

export const ACTIVITY_KINDS = ['bait', 'spray', 'refill', 'clearance'] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

/** Each method's counts, as [inspected, positive] pairs (mosquito larvae: households and containers). */
export const SURVEY_COUNTS: Record<SurveyKind, readonly (readonly [string, string])[]> = {
	'mosquito-larvae': [
		['householdsInspected', 'householdsPositive'],
		['containersInspected', 'containersPositive']
	],
	'rodent-powder': [['patchesLaid', 'patchesPositive']],
	'rodent-trap': [['trapsSet', 'trapsCaught']],
	fly: [['placesInspected', 'placesPositive']],
	cockroach: [['placesInspected', 'placesPositive']]
};

export const ALL_COUNT_FIELDS = [...new Set(Object.values(SURVEY_COUNTS).flat(2))];

const COUNT_LABELS: Record<string, { zh: string; en: string }> = {
	householdsInspected: { zh: '检查户数', en: 'households inspected' },
	householdsPositive: { zh: '阳性户数', en: 'positive households' },
	containersInspected: { zh: '检查容器数', en: 'containers inspected' },
	containersPositive: { zh: '阳性容器数', en: 'positive containers' },
	patchesLaid: { zh: '布放粉块数', en: 'powder patches laid' },
	patchesPositive: { zh: '阳性粉块数', en: 'positive patches' },
	trapsSet: { zh: '布夹数', en: 'traps set' },
	trapsCaught: { zh: '捕获数', en: 'traps with a catch' },
	placesInspected: { zh: '检查房间（处）数', en: 'places inspected' },
	placesPositive: { zh: '阳性房间（处）数', en: 'positive places' }
};

export const countLabel = (key: string) => COUNT_LABELS[key] ?? { zh: key, en: key };

type Props = Record<string, unknown>;

/** The codes of the whole-record checks of vector surveys and activities. */
export const VECTOR_ISSUE_CODES = ['vector.activity-empty', 'vector.containers-below-households', 'vector.count-not-of-method', 'vector.count-required', 'vector.future-date', 'vector.positives-above-inspected'] as const;
export type VectorIssueCode = (typeof VECTOR_ISSUE_CODES)[number];

const both = (code: VectorIssueCode, en: string, zh: string, path: string): ValidationIssue<VectorIssueCode> => ({ ...issue(code, en, path), messageZh: zh });

function checkNotFuture(props: Props, key: string, now: Date, timeZone: string, out: ValidationIssue<VectorIssueCode>[]): void {
	const day = props[key];
	if (typeof day !== 'string') return;
	const today = localDate(now.getTime(), timeZone);
	if (day.slice(0, 10) > today) {
		out.push(both('vector.future-date', `${key} (${day}) is after today (${today}, ${timeZone}): record a survey or an activity once it has happened.`, `${key}（${day}）晚于今天（${today}）：请在调查或作业完成后再登记。`, `properties.${key}`));
	}
}

/** The checks of a whole survey (properties as they will be stored). */
export function checkVectorSurvey(props: Props, ctx: { now: Date; timeZone: string }): ValidationIssue<VectorIssueCode>[] {
	const out: ValidationIssue<VectorIssueCode>[] = [];
	const kind = props.surveyKind as SurveyKind;
	checkNotFuture(props, 'surveyedAt', ctx.now, ctx.timeZone, out);
	const pairs = SURVEY_COUNTS[kind];
	if (!pairs) return out;
	const own = new Set(pairs.flat());
	for (const key of ALL_COUNT_FIELDS) {
		if (!own.has(key) && props[key] !== undefined && props[key] !== null) {
			out.push(both('vector.count-not-of-method', `${key} is not a count of a ${kind} survey (its counts: ${[...own].join(', ')}).`, `${countLabel(key).zh}不属于此类调查（应填：${[...own].map((k) => countLabel(k).zh).join('、')}）。`, `properties.${key}`));
		}
	}
	// Mosquito larvae: households are required, containers may be left out (house index only).
	pairs.forEach(([inspected, positive], i) => {
		const n = props[inspected];
		const p = props[positive];
		const optional = kind === 'mosquito-larvae' && i === 1 && n == null && p == null;
		if (optional) return;
		for (const key of [inspected, positive]) {
			if (props[key] == null) out.push(both('vector.count-required', `${key} is required for a ${kind} survey.`, `请填写${countLabel(key).zh}。`, `properties.${key}`));
		}
		if (typeof n === 'number' && typeof p === 'number' && p > n) {
			out.push(both('vector.positives-above-inspected', `${positive} (${p}) cannot be more than ${inspected} (${n}).`, `${countLabel(positive).zh}（${p}）不能多于${countLabel(inspected).zh}（${n}）。`, `properties.${positive}`));
		}
	});
	if (kind === 'mosquito-larvae') {
		const hp = props.householdsPositive;
		const cp = props.containersPositive;
		// Every positive household has at least one positive container.
		if (typeof hp === 'number' && typeof cp === 'number' && cp < hp) {
			out.push(both('vector.containers-below-households', `containersPositive (${cp}) cannot be fewer than householdsPositive (${hp}): each positive household has a positive container.`, `阳性容器数（${cp}）不能少于阳性户数（${hp}）。`, 'properties.containersPositive'));
		}
	}
	return out;
}

/** The checks of a whole activity. */
export function checkVectorActivity(props: Props, ctx: { now: Date; timeZone: string }): ValidationIssue<VectorIssueCode>[] {
	const out: ValidationIssue<VectorIssueCode>[] = [];
	checkNotFuture(props, 'activityAt', ctx.now, ctx.timeZone, out);
	if (props.amountKg == null && props.areaM2 == null && props.count == null) {
		out.push(both('vector.activity-empty', 'Give at least one of amountKg, areaM2 or count.', '请至少填写用量（kg）、面积（m²）或数量之一。', 'properties.count'));
	}
	return out;
}

const SURVEY_EXTRA = ['surveyor', 'hotspotIds', 'description'];
const ACTIVITY_EXTRA = ['amountKg', 'areaM2', 'count', 'product', 'performedBy', 'description'];

/**
 * The stored properties of a survey or activity record as POST /api/vector-surveys (or
 * -activities) takes it: `kind` is stored as `surveyKind` / `activityKind`, the zone id as text.
 * Members it does not know are left out (the server refuses them before).
 */
export function recordProperties(type: 'vector-survey' | 'vector-activity', record: Record<string, unknown>): Record<string, unknown> {
	const survey = type === 'vector-survey';
	const out: Record<string, unknown> = survey ? { surveyKind: record.kind, surveyedAt: record.surveyedAt } : { activityKind: record.kind, activityAt: record.activityAt };
	for (const key of survey ? [...ALL_COUNT_FIELDS, ...SURVEY_EXTRA] : ACTIVITY_EXTRA) if (record[key] !== undefined) out[key] = record[key];
	if (record.zoneId !== undefined) out.zoneId = String(record.zoneId);
	return out;
}
