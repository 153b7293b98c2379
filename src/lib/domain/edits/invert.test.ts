import { describe, expect, it } from 'vitest';
import { applyChange } from './change';
import { invertChange } from './invert';
import type { FeatureState } from './feature-state';

const pt = (x: number) => ({ type: 'Point' as const, coordinates: [x, 40] });
const bin = (version: number, properties: Record<string, unknown>, x = 116.3, deleted = false): FeatureState => ({ id: 3, kind: 'bin', version, geometry: pt(x), properties, deleted });

describe('invertChange', () => {
	it('undoes a create by a delete of the version it made', () => {
		expect(invertChange(undefined, bin(1, { status: 'planned' }))).toEqual({ op: 'delete', id: 3, baseVersion: 1 });
	});

	it('undoes a delete by bringing the last state back', () => {
		expect(invertChange(bin(2, { status: 'damaged' }), bin(3, { status: 'damaged' }, 116.3, true))).toEqual({
			op: 'restore',
			id: 3,
			baseVersion: 3,
			geometry: pt(116.3),
			properties: { status: 'damaged' }
		});
	});

	it('undoes an update field by field, removing what it added, on the version it left only', () => {
		const before = bin(1, { status: 'installed', name: 'east gate' });
		const after = bin(2, { status: 'damaged', capacityL: 120, name: 'east gate' }, 116.31);
		const inverse = invertChange(before, after);
		expect(inverse).toEqual({ op: 'update', id: 3, baseVersion: 2, merge: 'strict', geometry: pt(116.3), properties: { status: 'installed', capacityL: null } });
		const undone = applyChange(after, inverse);
		expect([undone.version, undone.geometry, undone.properties]).toEqual([3, before.geometry, before.properties]);
	});
});
