import { describe, expect, it } from 'vitest';
import { DEFAULT_TIME_ZONE, isTimeZone } from './time-zone';
import { offsetClock } from './clock';
import { formatDate, formatDateTime } from './display';

describe('time zones', () => {
	it('accepts IANA names and refuses anything else', () => {
		for (const zone of [DEFAULT_TIME_ZONE, 'UTC', 'Europe/Berlin', 'America/Argentina/Buenos_Aires', 'Etc/GMT-8']) expect(isTimeZone(zone), zone).toBe(true);
		for (const bad of ['Mars/Olympus', 'Asia/Beijing', '+08:00', 'UTC+8', '', ' Asia/Shanghai', 'Asia/Shanghai; drop']) expect(isTimeZone(bad), bad).toBe(false);
	});
});

describe('offsetClock', () => {
	it('starts at the given instant and runs on with the other clock', () => {
		let wall = 1_000;
		const clock = offsetClock(Date.parse('2026-11-28T09:00:00+08:00'), () => wall);
		expect(new Date(clock()).toISOString()).toBe('2026-11-28T01:00:00.000Z');
		wall += 90_000;
		expect(new Date(clock()).toISOString()).toBe('2026-11-28T01:01:30.000Z');
	});
});

describe('dates shown', () => {
	it('shows the day in the project zone, not the machine zone', () => {
		// 1 November 01:30 in Beijing is 31 October everywhere west of UTC+1:30.
		expect(formatDate('2026-10-31T17:30:00Z', 'Asia/Shanghai', 'en')).toBe('Nov 1, 2026');
		expect(formatDate('2026-10-31T17:30:00Z', 'America/Los_Angeles', 'en')).toBe('Oct 31, 2026');
		expect(formatDate('2026-10-31T17:30:00Z', 'Asia/Shanghai', 'zh')).toBe('2026年11月1日');
		expect(formatDateTime('2026-10-31T17:30:00Z', 'Asia/Shanghai', 'en')).toMatch(/^Nov 1, 2026,? 1:30\sAM$/);
		expect(formatDate('not a date', 'Asia/Shanghai', 'en')).toBe('—');
	});
});
