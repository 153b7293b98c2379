/** What the report page is given by its load function (src/routes/report/+page.server.ts). */
import type { RankingAnswer } from '$lib/domain/api-types';
import type { FullReport } from '$lib/server/services/reports/report';

export interface ReportPageData {
	/** The period's bounds as asked (dates or instants), half-open. */
	from: string;
	to: string;
	/** null when the period could not be reported on: `error` says why. */
	report: FullReport | null;
	ranking: RankingAnswer | null;
	error: { code: string; message: string } | null;
	generatedAt: string;
}
