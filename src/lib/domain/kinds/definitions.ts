import { COMMON_FIELDS, enumOption as o, type FieldDef } from './field';
import type { LocalizedText } from '../i18n-text';
import type { ValidationIssue } from '../../issues';
import { checkVectorActivity, checkVectorSurvey, type VectorIssueCode } from '../vector-records';
import { MAP_COLORS } from '../palette';

export type GeometryKind = 'Point' | 'LineString' | 'Polygon';

export interface KindDef {
	kind: string;
	/** The collection id in the HTTP API. */
	collection: string;
	/** Accepted geometry types; Multi* variants of the base type are accepted too. */
	geometry: GeometryKind;
	label: LocalizedText;
	/** A short glyph drawn on point symbols and in the legend. */
	icon: string;
	color: string;
	fields: readonly FieldDef[];
	/**
	 * Fields only the kind's own edit actions may change (a hotspot's lifecycle): a plain patch
	 * that changes one is refused with `code`; `{fields}` in the message names them.
	 */
	lockedFields?: { readonly keys: readonly string[]; readonly code: string; readonly message: string };
	/**
	 * Checks of the whole record that one field's range cannot express (positives above what was
	 * inspected, a date after today), run on create and on the merged properties of a patch.
	 */
	check?: (properties: Record<string, unknown>, ctx: { now: Date; timeZone: string }) => ValidationIssue<VectorIssueCode>[];
}

const STATUS_LABELS = {
	planned: o('planned', '规划', 'Planned'),
	installed: o('installed', '已设置', 'Installed'),
	damaged: o('damaged', '损坏', 'Damaged'),
	removed: o('removed', '已撤除', 'Removed')
};

const bin = {
	kind: 'bin',
	collection: 'bins',
	geometry: 'Point',
	label: { zh: '垃圾桶', en: 'Bins' },
	icon: '桶',
	color: MAP_COLORS.bin.installed,
	fields: [
		{
			key: 'binType',
			type: 'enum',
			label: { zh: '类型', en: 'Type' },
			options: [o('litter', '果皮箱', 'Litter bin'), o('refuse', '垃圾桶', 'Refuse bin'), o('sorted-recycling', '分类回收桶', 'Sorted / recycling')],
			default: 'litter'
		},
		{ key: 'capacityL', type: 'number', label: { zh: '容量', en: 'Capacity' }, unit: 'L', min: 0, max: 100000 },
		{
			key: 'status',
			type: 'enum',
			label: { zh: '状态', en: 'Status' },
			options: Object.values(STATUS_LABELS),
			default: 'installed'
		},
		{ key: 'installedAt', type: 'date', label: { zh: '设置日期', en: 'Installed on' } }
	]
} as const satisfies Omit<KindDef, 'fields'> & { fields: readonly FieldDef[] };

const collectionPoint = {
	kind: 'collectionPoint',
	collection: 'collection-points',
	geometry: 'Point',
	label: { zh: '垃圾收集点', en: 'Collection points' },
	icon: '站',
	color: MAP_COLORS.collectionPoint,
	fields: [
		{
			key: 'pointType',
			type: 'enum',
			label: { zh: '类型', en: 'Type' },
			options: [
				o('refuse-room', '垃圾房', 'Refuse room'),
				o('refuse-house', '垃圾屋', 'Refuse house'),
				o('collection-point', '收集点', 'Collection point'),
				o('transfer-station', '中转站', 'Transfer station')
			],
			default: 'collection-point'
		},
		{ key: 'capacityT', type: 'number', label: { zh: '容量', en: 'Capacity' }, unit: 't', min: 0, max: 10000 },
		{ key: 'enclosed', type: 'boolean', label: { zh: '密闭', en: 'Enclosed' }, default: true }
	]
} as const satisfies Omit<KindDef, 'fields'> & { fields: readonly FieldDef[] };

const drain = {
	kind: 'drain',
	collection: 'drains',
	geometry: 'LineString',
	label: { zh: '排水沟渠', en: 'Drains' },
	icon: '沟',
	color: MAP_COLORS.drain.clear,
	fields: [
		{
			key: 'drainType',
			type: 'enum',
			label: { zh: '类型', en: 'Type' },
			options: [o('open-ditch', '明渠', 'Open ditch'), o('covered-channel', '暗渠', 'Covered channel'), o('pipe', '管道', 'Pipe')],
			default: 'open-ditch'
		},
		{ key: 'lined', type: 'boolean', label: { zh: '已硬化', en: 'Lined' }, default: false },
		{
			key: 'condition',
			type: 'enum',
			label: { zh: '状况', en: 'Condition' },
			options: [o('clear', '畅通', 'Clear'), o('silted', '淤积', 'Silted'), o('blocked', '堵塞', 'Blocked'), o('overflowing', '溢流', 'Overflowing')],
			default: 'clear'
		},
		{ key: 'lastDredgedAt', type: 'date', label: { zh: '上次清淤', en: 'Last dredged' } }
	]
} as const satisfies Omit<KindDef, 'fields'> & { fields: readonly FieldDef[] };

const displayBoard = {
	kind: 'displayBoard',
	collection: 'display-boards',
	geometry: 'Point',
	label: { zh: '宣传栏', en: 'Display boards' },
	icon: '栏',
	color: MAP_COLORS.displayBoard,
	fields: [
		{
			key: 'boardType',
			type: 'enum',
			label: { zh: '类型', en: 'Type' },
			options: [o('health-education', '健康教育', 'Health education'), o('campaign', '创卫宣传', 'Campaign'), o('notice', '公告', 'Notice')],
			default: 'health-education'
		},
		{ key: 'areaM2', type: 'number', label: { zh: '面积', en: 'Area' }, unit: 'm²', min: 0, max: 1000 },
		{ key: 'contentUpdatedAt', type: 'date', label: { zh: '内容更新', en: 'Content updated' } }
	]
} as const satisfies Omit<KindDef, 'fields'> & { fields: readonly FieldDef[] };

const shop = {
	kind: 'shop',
	collection: 'shops',
	geometry: 'Point',
	label: { zh: '商铺', en: 'Shops' },
	icon: '店',
	color: MAP_COLORS.shop.signed,
	fields: [
		{
			key: 'category',
			type: 'enum',
			label: { zh: '类别', en: 'Category' },
			options: [
				o('food', '餐饮食品', 'Food'),
				o('barber', '理发美容', 'Barber / beauty'),
				o('lodging', '旅店', 'Lodging'),
				o('grocery', '百货', 'Grocery'),
				o('other', '其他', 'Other')
			],
			default: 'other'
		},
		{ key: 'frontageContract', type: 'date', label: { zh: '门前三包签订', en: 'Frontage contract signed' } },
		{
			key: 'hygieneLicence',
			type: 'enum',
			label: { zh: '卫生许可证', en: 'Hygiene licence' },
			options: [o('valid', '有效', 'Valid'), o('expired', '过期', 'Expired'), o('none', '无', 'None')]
		},
		{
			key: 'lastInspection',
			type: 'enum',
			label: { zh: '最近检查', en: 'Last inspection' },
			options: [o('pass', '合格', 'Pass'), o('minor-issues', '需整改', 'Minor issues'), o('fail', '不合格', 'Fail')]
		},
		{ key: 'lastInspectionAt', type: 'date', label: { zh: '检查日期', en: 'Inspected on' } }
	]
} as const satisfies Omit<KindDef, 'fields'> & { fields: readonly FieldDef[] };

/** 毒饵站 / 鼠饵站: stale when not refilled within the rule `baitRefillIntervalDays` (as boards go stale). */
const baitStation = {
	kind: 'baitStation',
	collection: 'bait-stations',
	geometry: 'Point',
	label: { zh: '毒饵站', en: 'Bait stations' },
	icon: '饵',
	color: MAP_COLORS.baitStation,
	fields: [
		{
			key: 'stationType',
			type: 'enum',
			label: { zh: '类型', en: 'Type' },
			options: [o('rodent-box', '鼠饵站（毒鼠屋）', 'Rodent bait box'), o('bait-pipe', '毒饵管', 'Bait pipe'), o('cockroach-gel', '蟑螂胶饵点', 'Cockroach gel point')],
			default: 'rodent-box'
		},
		{ key: 'bait', type: 'string', label: { zh: '饵料', en: 'Bait' }, maxLength: 100 },
		{ key: 'lastRefilledAt', type: 'date', label: { zh: '上次投饵', en: 'Last refilled' } },
		{
			key: 'status',
			type: 'enum',
			label: { zh: '状态', en: 'Status' },
			options: [o('active', '在用', 'In use'), o('empty', '缺饵', 'Empty'), o('damaged', '损坏', 'Damaged'), o('removed', '已撤除', 'Removed')],
			default: 'active'
		}
	]
} as const satisfies Omit<KindDef, 'fields'> & { fields: readonly FieldDef[] };

const count = (key: string, zh: string, en: string) => ({ key, type: 'integer', label: { zh, en }, min: 0, max: 1_000_000 }) as const;

/**
 * A vector survey (病媒生物密度调查) of one zone on one day: the raw counts of its method; the
 * indices are computed (src/lib/analysis/vector-indices.ts). Stored at the zone's point.
 */
const vectorSurvey = {
	kind: 'vectorSurvey',
	collection: 'vector-surveys',
	geometry: 'Point',
	label: { zh: '病媒调查', en: 'Vector surveys' },
	icon: '查',
	color: MAP_COLORS.vectorSurvey,
	check: checkVectorSurvey,
	fields: [
		{
			key: 'surveyKind',
			type: 'enum',
			label: { zh: '调查方法', en: 'Method' },
			options: [
				o('mosquito-larvae', '蚊幼（入户查孳生容器）', 'Mosquito larvae (households and containers)'),
				o('rodent-powder', '鼠（粉迹法）', 'Rodents (powder patches)'),
				o('rodent-trap', '鼠（鼠夹法）', 'Rodents (traps)'),
				o('fly', '蝇（有蝇房间）', 'Flies (rooms with flies)'),
				o('cockroach', '蟑螂（侵害房间）', 'Cockroaches (infested rooms)')
			],
			required: true
		},
		{ key: 'surveyedAt', type: 'date', label: { zh: '调查日期', en: 'Surveyed on' }, required: true },
		{ key: 'zoneId', type: 'string', label: { zh: '所属片区', en: 'Zone' }, maxLength: 40, required: true },
		count('householdsInspected', '检查户数', 'Households inspected'),
		count('householdsPositive', '阳性户数', 'Positive households'),
		count('containersInspected', '检查容器数', 'Containers inspected'),
		count('containersPositive', '阳性容器数', 'Positive containers'),
		count('patchesLaid', '布放粉块数', 'Powder patches laid'),
		count('patchesPositive', '阳性粉块数', 'Positive patches'),
		count('trapsSet', '布夹数', 'Traps set'),
		count('trapsCaught', '捕获数', 'Traps with a catch'),
		count('placesInspected', '检查房间（处）数', 'Places inspected'),
		count('placesPositive', '阳性房间（处）数', 'Positive places'),
		{ key: 'surveyor', type: 'string', label: { zh: '调查人', en: 'Surveyor' }, maxLength: 100 },
		// Breeding sites and other findings as hotspot cases (蚊蝇孳生地), by id.
		{ key: 'hotspotIds', type: 'stringList', label: { zh: '关联问题点', en: 'Linked hotspot cases' } }
	]
} as const satisfies Omit<KindDef, 'fields'> & { fields: readonly FieldDef[] };

/** A vector-control activity (除四害作业) in one zone on one day. */
const vectorActivity = {
	kind: 'vectorActivity',
	collection: 'vector-activities',
	geometry: 'Point',
	label: { zh: '除四害作业', en: 'Vector activities' },
	icon: '杀',
	color: MAP_COLORS.vectorActivity,
	check: checkVectorActivity,
	fields: [
		{
			key: 'activityKind',
			type: 'enum',
			label: { zh: '作业', en: 'Activity' },
			options: [o('bait', '投放鼠药', 'Bait laid'), o('spray', '消杀喷洒', 'Spraying'), o('refill', '毒饵站补饵', 'Stations refilled'), o('clearance', '清除孳生地', 'Breeding sites cleared')],
			required: true
		},
		{ key: 'activityAt', type: 'date', label: { zh: '作业日期', en: 'Done on' }, required: true },
		{ key: 'zoneId', type: 'string', label: { zh: '所属片区', en: 'Zone' }, maxLength: 40, required: true },
		{ key: 'amountKg', type: 'number', label: { zh: '用量', en: 'Amount' }, unit: 'kg', min: 0, max: 100_000 },
		{ key: 'areaM2', type: 'number', label: { zh: '面积', en: 'Area' }, unit: 'm²', min: 0, max: 100_000_000 },
		{ key: 'count', type: 'integer', label: { zh: '数量', en: 'Count' }, min: 0, max: 1_000_000 },
		{ key: 'product', type: 'string', label: { zh: '药物', en: 'Product' }, maxLength: 100 },
		{ key: 'performedBy', type: 'string', label: { zh: '作业人', en: 'Done by' }, maxLength: 100 }
	]
} as const satisfies Omit<KindDef, 'fields'> & { fields: readonly FieldDef[] };

export const HOTSPOT_STATUSES = ['reported', 'assigned', 'resolved', 'verified', 'rejected'] as const;

/** Fields only a lifecycle move may set (hotspot-lifecycle.ts); a plain edit of a case may not change them. */
export const LIFECYCLE_FIELDS = ['status', 'assignedAt', 'resolvedAt', 'verifiedAt', 'rejectedAt', 'resolutionNote', 'resolutionPhotos', 'rejectionReason'] as const;

const hotspot = {
	kind: 'hotspot',
	collection: 'hotspots',
	geometry: 'Point',
	label: { zh: '卫生死角', en: 'Hotspots' },
	icon: '!',
	color: MAP_COLORS.hotspot.reported,
	lockedFields: {
		// The lifecycle, and what residents' reports set (their source, how many reported, what they answered).
		keys: [...LIFECYCLE_FIELDS, 'reportSource', 'reporterCount', 'reportAnswers', 'residentAnswer', 'residentAnsweredAt', 'residentReopenedAt'],
		code: 'hotspot.use-transition',
		message: "A hotspot's {fields} cannot be edited directly; move the case with POST /api/hotspots/{id}/transition (a public report's source, reporters and answer come only from residents)."
	},
	fields: [
		{
			key: 'category',
			type: 'enum',
			label: { zh: '类别', en: 'Category' },
			options: [
				o('blind-spot', '卫生死角', 'Neglected corner'),
				o('exposed-rubbish', '暴露垃圾', 'Exposed rubbish'),
				o('dumped-debris', '乱堆乱放', 'Dumped debris'),
				o('small-ads', '小广告', 'Illegal small ads'),
				o('standing-water', '积水', 'Standing water'),
				o('mosquito-breeding', '蚊蝇孳生地', 'Mosquito breeding site'),
				o('illegal-structure', '违章搭建', 'Illegal structure')
			],
			default: 'exposed-rubbish'
		},
		{
			key: 'severity',
			type: 'enum',
			label: { zh: '严重程度', en: 'Severity' },
			options: [o('low', '轻', 'Low'), o('medium', '中', 'Medium'), o('high', '重', 'High')],
			default: 'medium'
		},
		{
			key: 'status',
			type: 'enum',
			label: { zh: '状态', en: 'Status' },
			options: [
				o('reported', '已上报', 'Reported'),
				o('assigned', '已派单', 'Assigned'),
				o('resolved', '已整改', 'Resolved'),
				o('verified', '已核验', 'Verified'),
				o('rejected', '已驳回', 'Rejected')
			],
			default: 'reported',
			// Moves only through POST /api/hotspots/{id}/transition (hotspot-lifecycle.ts), never by a plain edit.
			readOnly: true
		},
		{ key: 'reportedAt', type: 'datetime', label: { zh: '上报时间', en: 'Reported at' }, default: '$now' },
		{ key: 'dueAt', type: 'datetime', label: { zh: '整改期限', en: 'Due by' } },
		{ key: 'resolvedAt', type: 'datetime', label: { zh: '整改时间', en: 'Resolved at' }, readOnly: true },
		{ key: 'zoneId', type: 'string', label: { zh: '所属片区', en: 'Zone' }, maxLength: 40 },
		{ key: 'responsible', type: 'string', label: { zh: '责任人', en: 'Responsible' }, maxLength: 100 },
		{ key: 'photos', type: 'stringList', label: { zh: '照片', en: 'Photos' }, readOnly: true },
		{ key: 'assignedAt', type: 'datetime', label: { zh: '派单时间', en: 'Assigned at' }, readOnly: true },
		{ key: 'verifiedAt', type: 'datetime', label: { zh: '核验时间', en: 'Verified at' }, readOnly: true },
		{ key: 'rejectedAt', type: 'datetime', label: { zh: '驳回时间', en: 'Rejected at' }, readOnly: true },
		{ key: 'resolutionNote', type: 'text', label: { zh: '整改说明', en: 'Resolution note' }, maxLength: 2000, readOnly: true },
		{ key: 'resolutionPhotos', type: 'stringList', label: { zh: '整改照片', en: 'Resolution photos' }, readOnly: true },
		{ key: 'rejectionReason', type: 'text', label: { zh: '驳回理由', en: 'Rejection reason' }, maxLength: 2000, readOnly: true },
		// Set when the case was opened by a finding of an inspection (GET /api/inspections/{id}).
		{ key: 'inspectionId', type: 'integer', label: { zh: '来自检查', en: 'From inspection' }, min: 1, readOnly: true },
		{ key: 'inspectionItem', type: 'string', label: { zh: '检查项', en: 'Checklist item' }, maxLength: 40, readOnly: true },
		// Public reports (the /report-issue page, Open311 clients): set only by their own edit actions (edits/actions/public-report.ts).
		{
			key: 'reportSource',
			type: 'enum',
			label: { zh: '上报来源', en: 'Reported by' },
			options: [o('staff', '工作人员', 'Staff'), o('public', '群众随手拍', 'Resident'), o('open311', 'Open311 接口', 'Open311 client')],
			readOnly: true
		},
		{ key: 'reporterCount', type: 'integer', label: { zh: '上报人数', en: 'Reporters' }, min: 1, readOnly: true },
		// The reporter's answers to the category's questions (domain/report-questions.ts), by question code; severity is kept in its own field.
		{ key: 'reportAnswers', type: 'attributes', label: { zh: '上报时的回答', en: 'Reporter’s answers' }, readOnly: true },
		{
			key: 'residentAnswer',
			type: 'enum',
			label: { zh: '群众回访', en: 'Residents say' },
			options: [o('fixed', '已解决', 'Fixed'), o('not-fixed', '未解决', 'Not fixed')],
			readOnly: true
		},
		{ key: 'residentAnsweredAt', type: 'datetime', label: { zh: '回访时间', en: 'Answered at' }, readOnly: true },
		// A resident's "not fixed" sent the verified case back to its responsible person (hotspot-lifecycle.ts).
		{ key: 'residentReopenedAt', type: 'datetime', label: { zh: '群众回访重新派单', en: 'Reopened by a resident' }, readOnly: true }
	]
} as const satisfies Omit<KindDef, 'fields'> & { fields: readonly FieldDef[] };

const roadSegment = {
	kind: 'roadSegment',
	collection: 'road-segments',
	geometry: 'LineString',
	label: { zh: '道路', en: 'Road segments' },
	icon: '路',
	color: MAP_COLORS.road.hardened,
	fields: [
		{
			key: 'roadClass',
			type: 'enum',
			label: { zh: '道路等级', en: 'Road class' },
			options: [
				o('commercial', '商业街', 'Commercial street'),
				o('main', '主干道', 'Main road'),
				o('secondary', '次干道', 'Secondary road'),
				o('branch', '支路', 'Branch road'),
				o('alley', '巷道', 'Alley')
			],
			default: 'branch'
		},
		{
			key: 'surface',
			type: 'enum',
			label: { zh: '路面', en: 'Surface' },
			options: [
				o('concrete', '水泥', 'Concrete'),
				o('asphalt', '沥青', 'Asphalt'),
				o('paving', '铺砖', 'Paving'),
				o('gravel', '砂石', 'Gravel'),
				o('earth', '土路', 'Earth'),
				o('unknown', '未知', 'Unknown')
			],
			default: 'unknown'
		},
		{ key: 'hardened', type: 'boolean', label: { zh: '已硬化', en: 'Hardened' } },
		{ key: 'hardenedAt', type: 'date', label: { zh: '硬化日期', en: 'Hardened on' } },
		{ key: 'widthM', type: 'number', label: { zh: '路宽', en: 'Width' }, unit: 'm', min: 0, max: 100 },
		{ key: 'highway', type: 'string', label: { zh: 'OSM 道路类型', en: 'OSM highway' }, maxLength: 40, readOnly: true },
		// Set by a split: the id of the segment this one was cut from, so its history can be followed back.
		{ key: 'splitFrom', type: 'string', label: { zh: '拆分自路段', en: 'Split from segment' }, maxLength: 40, readOnly: true }
	]
} as const satisfies Omit<KindDef, 'fields'> & { fields: readonly FieldDef[] };

const zone = {
	kind: 'zone',
	collection: 'zones',
	geometry: 'Polygon',
	label: { zh: '片区', en: 'Zones' },
	icon: '区',
	color: MAP_COLORS.zone,
	fields: [
		{ key: 'responsible', type: 'string', label: { zh: '责任人', en: 'Responsible' }, maxLength: 100 },
		{ key: 'population', type: 'integer', label: { zh: '人口', en: 'Population' }, min: 0, max: 10_000_000 },
		{ key: 'households', type: 'integer', label: { zh: '户数', en: 'Households' }, min: 0, max: 10_000_000 },
		// 社区 → 片区/网格, 镇 → 村: the id of the zone this one lies under (checked: it exists, no cycles).
		{ key: 'parentId', type: 'integer', label: { zh: '上级片区', en: 'Parent zone' }, min: 1 }
	]
} as const satisfies Omit<KindDef, 'fields'> & { fields: readonly FieldDef[] };

/** The kinds, in the order the layer panel lists them (top of the map first). */
export const KIND_DEFINITIONS = [hotspot, bin, collectionPoint, displayBoard, baitStation, shop, drain, roadSegment, vectorSurvey, vectorActivity, zone] as const;

