/**
 * The report's tables as CSV: the scorecard (one row per zone and indicator), the progress (one
 * row per zone) and the features behind the figures (one row per feature, with its changesets and
 * a link to it on the map). Column names are the stable code names of the JSON API; names of
 * zones, indicators and figures are in the report's language. A byte-order mark lets Excel read
 * the Chinese text as UTF-8.
 */
import { unparseCsv } from '../../../import/csv-cells';
import en from '../../../ui/i18n/messages/report.en.json';
import zh from '../../../ui/i18n/messages/report.zh.json';
import { PROGRESS_KEYS } from '../../../analysis/scorecard-progress';
import type { FullReport } from './report';

export const CSV_TABLES = ['scorecard', 'progress', 'items'] as const;
export type CsvTable = (typeof CSV_TABLES)[number];

const MESSAGES = { en: en.report, zh: zh.report };

const csv = (rows: unknown[][]) => '\uFEFF' + unparseCsv(rows, { newline: '\r\n' }) + '\r\n';

export function reportCsv(report: FullReport, table: CsvTable, lang: 'zh' | 'en'): string {
	const m = MESSAGES[lang];
	const zoneName = (name: string | null, id: unknown) => (id === null ? m.community : (name ?? String(id)));
	if (table === 'scorecard') {
		const rows: unknown[][] = [['zone', 'zoneId', 'indicator', 'indicatorName', 'value', 'unit', 'target', 'status', 'rule', 'ruleValue', 'source', 'features']];
		for (const z of [report.scorecard.total, ...report.scorecard.zones]) {
			for (const x of z.indicators) {
				rows.push([
					zoneName(z.name, z.id), z.id ?? '', x.key, m.indicator[x.key], x.value ?? '', x.unit, x.target, x.status, x.rule.key,
					x.rule.value === null ? '' : typeof x.rule.value === 'object' ? JSON.stringify(x.rule.value) : x.rule.value,
					x.rule.source[lang], x.features.map((f) => `${f.collection}:${f.id}`).join(' ')
				]);
			}
		}
		return csv(rows);
	}
	if (table === 'progress') {
		const { summary } = report;
		const rows: unknown[][] = [['zone', 'zoneId', 'from', 'to', ...PROGRESS_KEYS]];
		rows.push([m.community, '', summary.period.from, summary.period.to, ...PROGRESS_KEYS.map((k) => summary.totals[k])]);
		for (const z of summary.zones) rows.push([zoneName(z.name, z.id), z.id, summary.period.from, summary.period.to, ...PROGRESS_KEYS.map((k) => z[k])]);
		return csv(rows);
	}
	const rows: unknown[][] = [['figure', 'figureName', 'collection', 'id', 'zoneId', 'amount', 'changesetIds', 'map']];
	for (const i of report.summary.items) {
		rows.push([i.figure, m.figure[i.figure as keyof typeof m.figure], i.collection, i.id, i.zoneId ?? '', i.amount ?? '', i.changesetIds.join(' '), `/?select=${i.collection}:${i.id}`]);
	}
	return csv(rows);
}
