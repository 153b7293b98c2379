import { describe, expect, it } from 'vitest';
import { fieldOf, kindDef } from '../../domain/kinds';
import { changedValues, fromInputValue, toInputValue } from './form-values';

const bin = kindDef('bin')!;
const SH = 'Asia/Shanghai';
const fields = ['capacityL', 'status', 'name', 'installedAt'].map((k) => fieldOf(bin, k)!);

describe('form values', () => {
	it('reports only the fields the user changed, with stored types', () => {
		const stored = Object.freeze({ capacityL: 120, status: 'installed', name: 'East gate' });
		const inputs = { capacityL: 240, status: 'installed', name: 'East gate', installedAt: '' };
		expect(changedValues(fields, stored, inputs, SH)).toEqual({ capacityL: 240 });
	});

	it('clears a field the user emptied, including an emptied number input (null)', () => {
		const stored = { capacityL: 120, name: 'East gate' };
		expect(changedValues(fields, stored, { capacityL: null, name: '  ', status: '', installedAt: '' }, SH)).toEqual({ capacityL: null, name: null });
	});

	it('round-trips booleans, numbers and lists through input strings', () => {
		const enclosed = fieldOf(kindDef('collectionPoint')!, 'enclosed')!;
		expect(fromInputValue(enclosed, toInputValue(enclosed, false, SH), SH)).toBe(false);
		expect(fromInputValue(fieldOf(bin, 'capacityL')!, '80.5', SH)).toBe(80.5);
		expect(fromInputValue(fieldOf(bin, 'generatedFields')!, 'a, b', SH)).toEqual(['a', 'b']);
	});

	it('shows and reads a date and time on the project zone\'s wall clock, whatever the device zone', () => {
		const reportedAt = fieldOf(kindDef('hotspot')!, 'reportedAt')!;
		// 2026-10-31T23:00Z is 07:00 on 1 November in Beijing.
		expect(toInputValue(reportedAt, '2026-10-31T23:00:00Z', SH)).toBe('2026-11-01T07:00');
		expect(fromInputValue(reportedAt, '2026-11-01T07:00', SH)).toBe('2026-10-31T23:00:00.000Z');
		expect(toInputValue(reportedAt, '2026-10-31T23:00:00Z', 'America/Los_Angeles')).toBe('2026-10-31T16:00');
		const stored = { reportedAt: '2026-10-31T23:00:00Z' };
		expect(changedValues([reportedAt], stored, { reportedAt: '2026-11-01T07:00' }, SH)).toEqual({});
	});
});
