import { describe, expect, it } from 'vitest';
import { readTimeSettings, TimeSettingError } from './time-settings';

describe('readTimeSettings', () => {
	it('defaults to Asia/Shanghai and the machine clock', () => {
		const settings = readTimeSettings({}, () => 1_000);
		expect(settings.timeZone).toBe('Asia/Shanghai');
		expect(settings.clock().getTime()).toBe(1_000);
		expect(settings.offsetMs).toBe(0);
	});

	it('takes SANIMAP_NOW as the start of a clock that keeps running', () => {
		let machine = 5_000;
		const settings = readTimeSettings({ SANIMAP_NOW: '2026-12-01T00:30:00+08:00', SANIMAP_TIME_ZONE: 'Europe/Berlin' }, () => machine);
		expect(settings.timeZone).toBe('Europe/Berlin');
		expect(settings.clock().toISOString()).toBe('2026-11-30T16:30:00.000Z');
		machine += 61_000;
		expect(settings.clock().toISOString()).toBe('2026-11-30T16:31:01.000Z');
		expect(settings.offsetMs).toBe(Date.parse('2026-11-30T16:30:00Z') - 5_000);
	});

	it('refuses a value it cannot use, naming the setting', () => {
		const refusal = (env: Record<string, string>) => {
			try {
				readTimeSettings(env);
			} catch (e) {
				expect(e).toBeInstanceOf(TimeSettingError);
				return (e as Error).message;
			}
			return null;
		};
		expect(refusal({ SANIMAP_TIME_ZONE: 'Mars/Olympus' })).toMatch(/^SANIMAP_TIME_ZONE is "Mars\/Olympus": it must be an IANA time zone name/);
		expect(refusal({ SANIMAP_TIME_ZONE: '+08:00' })).toMatch(/^SANIMAP_TIME_ZONE/);
		for (const bad of ['2026-11-28', '2026-11-28T09:00:00', 'tomorrow', '2026-02-30T09:00:00Z', '1764288000000']) {
			expect(refusal({ SANIMAP_NOW: bad }), bad).toMatch(/^SANIMAP_NOW is ".*": it must be an ISO 8601 instant with an offset/);
		}
	});
});
