/**
 * When a dated fact is too old: a display board's content (`contentUpdatedAt`) or a bait station's
 * last refill (`lastRefilledAt`) is stale when it is missing or older than the rule's interval at
 * the instant judged. A date without a time is that day's start in the project's time zone.
 */
import { parseInstant } from '../domain/time/instants';

const DAY_MS = 86_400_000;

export function isStaleDate(value: unknown, at: number, intervalDays: number, timeZone: string): boolean {
	const updated = parseInstant(value, timeZone);
	return updated === null || at - updated > intervalDays * DAY_MS;
}
