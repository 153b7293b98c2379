/**
 * The server's time: the project's time zone (SANIMAP_TIME_ZONE) and its clock, which starts at
 * SANIMAP_NOW when that is set (for tests and demos) and runs on from there. Both settings are
 * read and checked with the others (settings/server-settings.js); the composition root and the
 * command line make the clock from them here.
 */
import { offsetClock } from '../domain/time/clock';
import { readSettings } from './settings/server-settings';

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

/** The clock and zone of checked settings: `startsAt` (SANIMAP_NOW, ms) or the machine's clock. */
export function serverTime(settings: { timeZone: string; startsAt?: number }, machineClock: () => number = Date.now): TimeSettings {
	if (settings.startsAt === undefined) return { timeZone: settings.timeZone, clock: () => new Date(machineClock()), offsetMs: 0 };
	const now = offsetClock(settings.startsAt, machineClock);
	return { timeZone: settings.timeZone, clock: () => new Date(now()), offsetMs: settings.startsAt - machineClock() };
}

/** The two settings read from `env` alone (the command line): a value that cannot be used is a TimeSettingError naming it. */
export function readTimeSettings(env: Record<string, string | undefined> = process.env, machineClock: () => number = Date.now): TimeSettings {
	const { values, problems } = readSettings({ SANIMAP_TIME_ZONE: env.SANIMAP_TIME_ZONE, SANIMAP_NOW: env.SANIMAP_NOW }, process.cwd());
	if (problems.length > 0) throw new TimeSettingError(problems[0].message);
	return serverTime(values, machineClock);
}
