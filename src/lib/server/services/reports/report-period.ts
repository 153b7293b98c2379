/**
 * The period a report covers, from the query string: `from` and `to` as ISO dates
 * ("2026-10-01", the start of that day in the project's time zone) or instants, half-open
 * [from, to) so that a month is `from=2026-10-01&to=2026-11-01`. Anything else is a 400 saying
 * what to send.
 */
import { parseInstant } from '../../../domain/time/instants';
import { ServiceError } from '../service-error';

export interface ReportPeriod {
	/** Inclusive start, ms. */
	from: number;
	/** Exclusive end, ms. */
	to: number;
}

const DAY_MS = 86_400_000;
/** Longest period one report covers: two years of weekly trends is already a dense chart. */
export const MAX_PERIOD_DAYS = 731;

function instant(raw: string | null, name: 'from' | 'to', timeZone: string): number {
	if (raw === null || raw.trim() === '') {
		throw new ServiceError('invalid', 'report.period-missing', `Give the period as from=YYYY-MM-DD&to=YYYY-MM-DD (to is exclusive); ${name} is missing.`);
	}
	const ms = parseInstant(raw, timeZone);
	if (ms === null) throw new ServiceError('invalid', 'report.period-invalid', `${name} must be a date such as 2026-10-01 or an ISO 8601 instant, not "${raw.slice(0, 40)}".`);
	return ms;
}

export function parsePeriod(params: URLSearchParams, timeZone: string): ReportPeriod {
	const from = instant(params.get('from'), 'from', timeZone);
	const to = instant(params.get('to'), 'to', timeZone);
	if (to <= from) throw new ServiceError('invalid', 'report.period-order', 'The period must end after it starts: to is later than from (to is exclusive).');
	if (to - from > MAX_PERIOD_DAYS * DAY_MS) {
		throw new ServiceError('invalid', 'report.period-too-long', `A report covers at most ${MAX_PERIOD_DAYS} days; ask for a shorter period.`);
	}
	return { from, to };
}

/** The report's language: `lang=zh` or `lang=en` (default en). */
export function parseLang(params: URLSearchParams): 'zh' | 'en' {
	const lang = params.get('lang') ?? 'en';
	if (lang !== 'zh' && lang !== 'en') throw new ServiceError('invalid', 'report.lang', 'lang must be zh or en.');
	return lang;
}
