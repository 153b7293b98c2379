/**
 * The ranking board's period: a week, month or quarter named by any day in it (`at`), stepped
 * whole periods back and forth on the project's calendar (never the device's), and the links of
 * the API the board reads and the bulletins it offers.
 */
import type { RankingPeriod } from '../../domain/api-types';
import { dayStart, localDate } from '../../domain/time/instants';
import { addPeriods, periodStart } from '../../domain/time/periods';

/** The first day of the period `steps` periods after (before, when negative) the one containing `at`. */
export function stepPeriod(at: string, period: RankingPeriod, steps: number, timeZone: string): string {
	const ms = dayStart(at, timeZone);
	if (ms === null) throw new Error(`Not a date: ${at}`);
	return localDate(addPeriods(periodStart(ms, period, timeZone), period, steps, timeZone), timeZone);
}

export interface RankingQuery {
	period: RankingPeriod;
	at: string;
	parent: number | null;
}

export function rankingParams(q: RankingQuery, extra: Record<string, string> = {}): string {
	const p = new URLSearchParams({ period: q.period, at: q.at, ...(q.parent !== null ? { parent: String(q.parent) } : {}), ...extra });
	return p.toString();
}

export const rankingUrl = (q: RankingQuery) => `/api/rankings?${rankingParams(q)}`;
export const bulletinUrl = (q: RankingQuery, format: 'pdf' | 'csv', lang: 'zh' | 'en') => `/api/rankings/bulletin.${format}?${rankingParams(q, { lang })}`;

/** A change against the previous period as the board shows it: +3.5, −2, 0, or an empty dash. */
export function changeText(change: number | null): string {
	if (change === null) return '—';
	if (change === 0) return '±0';
	const abs = Math.abs(change).toFixed(Number.isInteger(change) ? 0 : 1);
	return change > 0 ? `+${abs}` : `−${abs}`;
}

export const pctText = (v: number | null, digits = 0): string => (v === null ? '—' : `${v.toFixed(digits)} %`);
