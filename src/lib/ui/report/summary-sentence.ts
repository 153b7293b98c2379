/**
 * The report's summary sentence, built from the period's figures in the reader's language:
 * "This period: 8 bins added, 2,000 m² of road hardened (350 m), …" / "本期新增垃圾桶 8 个，硬化道路 2,000 平方米（350 米），…".
 * Figures that are zero are left out, so the sentence says what was done.
 */
import type { ProgressFigures } from '$lib/analysis/scorecard-progress';

export type Translate = (key: string, values: Record<string, string | number>) => string;

const COUNT_CLAUSES = ['binsAdded', 'binsMoved', 'binsRemoved', 'road', 'boardsRenewed', 'contractsSigned', 'drainsDredged', 'hotspotsReported', 'hotspotsResolved', 'hotspotsVerified', 'hotspotsFromStaff', 'hotspotsFromPublic', 'hotspotsReopenedByResidents'] as const;

export function formatNumber(n: number, locale: 'zh' | 'en', digits = 0): string {
	return new Intl.NumberFormat(locale === 'zh' ? 'zh-CN' : 'en', { maximumFractionDigits: digits, minimumFractionDigits: 0 }).format(n);
}

export function summarySentence(totals: ProgressFigures, t: Translate): string {
	// Whole numbers: the message formatter groups digits in the reader's locale and picks plurals.
	const n = (v: number) => Math.round(v);
	const clauses: string[] = [];
	for (const key of COUNT_CLAUSES) {
		if (key === 'road') {
			if (totals.roadHardenedM > 0) clauses.push(t('report.summary.road', { m2: n(totals.roadHardenedM2), m: n(totals.roadHardenedM) }));
		} else if (totals[key] > 0) clauses.push(t(`report.summary.${key}`, { n: n(totals[key]) }));
	}
	if (clauses.length === 0) return t('report.summary.none', {});
	return t('report.summary.lead', {}) + clauses.join(t('report.summary.join', {})) + t('report.summary.end', {});
}
