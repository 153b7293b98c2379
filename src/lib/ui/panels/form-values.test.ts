import { describe, expect, it } from 'vitest';
import { fieldOf, kindDef } from '../../domain/kinds';
import { changedValues, fromInputValue, toInputValue } from './form-values';

const bin = kindDef('bin')!;
const fields = ['capacityL', 'status', 'name', 'installedAt'].map((k) => fieldOf(bin, k)!);

describe('form values', () => {
	it('reports only the fields the user changed, with stored types', () => {
		const stored = Object.freeze({ capacityL: 120, status: 'installed', name: 'East gate' });
		const inputs = { capacityL: 240, status: 'installed', name: 'East gate', installedAt: '' };
		expect(changedValues(fields, stored, inputs)).toEqual({ capacityL: 240 });
	});

	it('clears a field the user emptied, including an emptied number input (null)', () => {
		const stored = { capacityL: 120, name: 'East gate' };
		expect(changedValues(fields, stored, { capacityL: null, name: '  ', status: '', installedAt: '' })).toEqual({ capacityL: null, name: null });
	});

	it('round-trips booleans, numbers and lists through input strings', () => {
		const enclosed = fieldOf(kindDef('collectionPoint')!, 'enclosed')!;
		expect(fromInputValue(enclosed, toInputValue(enclosed, false))).toBe(false);
		expect(fromInputValue(fieldOf(bin, 'capacityL')!, '80.5')).toBe(80.5);
		expect(fromInputValue(fieldOf(bin, 'generatedFields')!, 'a, b')).toEqual(['a', 'b']);
	});
});
