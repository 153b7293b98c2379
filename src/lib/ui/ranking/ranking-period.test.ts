import { describe, expect, it } from 'vitest';
import { bulletinUrl, changeText, stepPeriod } from './ranking-period';

describe('the ranking board period', () => {
	it('steps whole periods on the project calendar', () => {
		expect(stepPeriod('2026-11-18', 'month', 0, 'Asia/Shanghai')).toBe('2026-11-01');
		expect(stepPeriod('2026-11-18', 'month', -1, 'Asia/Shanghai')).toBe('2026-10-01');
		expect(stepPeriod('2026-11-18', 'quarter', 1, 'Asia/Shanghai')).toBe('2027-01-01');
		// 2026-11-18 is a Wednesday: its ISO week starts on Monday the 16th.
		expect(stepPeriod('2026-11-18', 'week', -1, 'Asia/Shanghai')).toBe('2026-11-09');
		expect(stepPeriod('2026-03-31', 'month', 1, 'Europe/Berlin')).toBe('2026-04-01');
	});

	it('names a change with its sign, and links the bulletin with the same query', () => {
		expect([changeText(3.5), changeText(-2), changeText(0), changeText(null)]).toEqual(['+3.5', '−2', '±0', '—']);
		expect(bulletinUrl({ period: 'month', at: '2026-11-01', parent: 4 }, 'pdf', 'zh')).toBe('/api/rankings/bulletin.pdf?period=month&at=2026-11-01&parent=4&lang=zh');
	});
});
