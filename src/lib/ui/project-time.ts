/**
 * The project's time on a page: the server's clock and time zone, from the root layout's load.
 * Pages derive "today", "last month" and week steps from this, never from the device's own clock
 * or zone, so a phone with a wrong clock or a laptop abroad shows the same periods as the server.
 * The root layout provides it; components read it with `useProjectTime()`.
 */
import { getContext, setContext } from 'svelte';
import { offsetClock } from '../domain/time/clock';

/** What the server sends: its now, and the project's time zone (IANA name). */
export interface ServerTime {
	now: string;
	timeZone: string;
}

export interface ProjectTime {
	timeZone: string;
	/** The server's clock, ms: the offset between it and this device's clock is measured once, at load. */
	now: () => number;
}

const KEY = Symbol('project-time');

export function projectTimeFrom(server: ServerTime, deviceClock: () => number = Date.now): ProjectTime {
	return { timeZone: server.timeZone, now: offsetClock(Date.parse(server.now), deviceClock) };
}

/** Called once by the root layout. */
export function provideProjectTime(server: ServerTime): ProjectTime {
	const time = projectTimeFrom(server);
	setContext(KEY, time);
	return time;
}

/** The project's time, in any component under the root layout. */
export function useProjectTime(): ProjectTime {
	const time = getContext<ProjectTime | undefined>(KEY);
	if (!time) throw new Error('useProjectTime() needs the root layout, which provides the project time.');
	return time;
}
