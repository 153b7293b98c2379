/**
 * The ranking bulletin for the notice board (检查结果公布上墙): the period's ranking with the red and
 * black lists, in Chinese or English, as CSV (here) and as an A4 PDF printed from /bulletin by the
 * server's one Chromium (report-pdf.ts). The column names of the CSV are the JSON API's code names,
 * like the report's tables; a byte-order mark lets Excel read the Chinese text as UTF-8.
 */
import type { RankingAnswer, RankingRow } from '../../../domain/api-types';
import { formatDate } from '../../../domain/time/display';
import { unparseCsv } from '../../../import/csv-cells';

export type Lang = 'zh' | 'en';

export const BULLETIN_TEXT = {
	zh: {
		title: '环境卫生检查评比通报',
		period: { week: '周', month: '月', quarter: '季度' },
		periodLabel: '评比周期',
		timeZone: '时区',
		rank: '名次',
		zone: '片区',
		score: '得分',
		change: '较上期',
		inspections: '检查次数',
		findings: '发现问题',
		closedPct: '结案率',
		closedOnTimePct: '按期结案率',
		notInspected: '未检查',
		red: '红榜',
		black: '黑榜',
		none: '无',
		generated: '生成时间',
		footer: '得分为本期各次检查得分的平均值；每次检查得分 = 实得分 ÷ 检查项目满分 × 100（未检查的项目不计）。'
	},
	en: {
		title: 'Sanitation inspection ranking bulletin',
		period: { week: 'Week', month: 'Month', quarter: 'Quarter' },
		periodLabel: 'Period',
		timeZone: 'Time zone',
		rank: 'Rank',
		zone: 'Zone',
		score: 'Score',
		change: 'Change',
		inspections: 'Inspections',
		findings: 'Findings',
		closedPct: 'Closed',
		closedOnTimePct: 'Closed on time',
		notInspected: 'Not inspected',
		red: 'Red list (best)',
		black: 'Black list (worst)',
		none: 'none',
		generated: 'Generated',
		footer: "A zone's score is the mean of its inspections' scores in the period; an inspection scores 100 × points ÷ the maximum of the items it scored (items not scored do not count)."
	}
} as const;

const num = (x: number | null) => (x === null ? '' : String(x));

/** "1 Nov 2026 – 30 Nov 2026" in the language, from the half-open period. */
export function periodText(r: RankingAnswer, lang: Lang): string {
	const lastMs = Date.parse(r.to) - 1;
	return `${formatDate(r.from, r.timeZone, lang)} – ${formatDate(new Date(lastMs).toISOString(), r.timeZone, lang)}`;
}

export const zoneLabel = (row: Pick<RankingRow, 'name' | 'zoneId'>) => row.name ?? `#${row.zoneId}`;

export function bulletinCsv(r: RankingAnswer, lang: Lang): string {
	const m = BULLETIN_TEXT[lang];
	const rows: unknown[][] = [['rank', 'zoneId', 'zone', 'score', 'change', 'inspections', 'findings', 'closedPct', 'closedOnTimePct', 'list', 'from', 'to']];
	for (const z of r.zones) {
		const list = r.red.includes(z.zoneId) ? m.red : r.black.includes(z.zoneId) ? m.black : z.rank === null ? m.notInspected : '';
		rows.push([z.rank ?? '', z.zoneId, zoneLabel(z), num(z.score), num(z.change), z.inspections, z.findings, num(z.closedPct), num(z.closedOnTimePct), list, r.from, r.to]);
	}
	return '\uFEFF' + unparseCsv(rows, { newline: '\r\n' }) + '\r\n';
}
