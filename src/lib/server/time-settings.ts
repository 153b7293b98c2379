/**
 * The server's time: the project's time zone (SANIMAP_TIME_ZONE) and its clock, which starts at
 * SANIMAP_NOW when that is set (for tests and demos) and runs on from there. Read once by the
 * composition root and the command line; a value that cannot be used stops the start with a
 * message naming the setting and what it accepts.
 */
import { DEFAULT_TIME_ZONE, isTimeZone } from '../domain/time/time-zone';
import { offsetClock } from '../domain/time/clock';
import { parseInstant } from '../domain/time/instants';

export interface TimeSettings {
	/** IANA name of the zone periods are cut in and dates are shown in. */
	timeZone: string;
	/** The time every service stamps its writes with and cuts its periods by. */
	clock: () => Date;
	/** How far the clock is ahead of the machine's (ms; 0 unless SANIMAP_NOW is set), for threads that make clocks of their own. */
	offsetMs: number;
}

/** A setting the server cannot use; its message names the setting, the value and what would do. */
export class TimeSettingError extends Error {}

// An instant, not a date: "now" needs a time of day and an offset to be one moment everywhere.
const INSTANT_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

export function readTimeSettings(env: Record<string, string | undefined> = process.env, machineClock: () => number = Date.now): TimeSettings {
	const zone = env.SANIMAP_TIME_ZONE?.trim() || DEFAULT_TIME_ZONE;
	if (!isTimeZone(zone)) {
		throw new TimeSettingError(`SANIMAP_TIME_ZONE must be an IANA time zone name such as Asia/Shanghai or Europe/Berlin, not "${zone.slice(0, 60)}".`);
	}
	const pinned = env.SANIMAP_NOW?.trim();
	if (!pinned) return { timeZone: zone, clock: () => new Date(machineClock()), offsetMs: 0 };
	const startsAt = INSTANT_WITH_OFFSET.test(pinned) ? parseInstant(pinned, zone) : null;
	if (startsAt === null) {
		throw new TimeSettingError(`SANIMAP_NOW must be an ISO 8601 instant with an offset, such as 2026-11-28T09:00:00+08:00, not "${pinned.slice(0, 60)}".`);
	}
	const offsetMs = startsAt - machineClock();
	const now = offsetClock(startsAt, machineClock);
	return { timeZone: zone, clock: () => new Date(now()), offsetMs };
}
