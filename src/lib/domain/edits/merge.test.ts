import { describe, expect, it } from 'vitest';
import { changedFields, rebaseUpdate } from './merge';
import type { FeatureState } from './feature-state';

const pt = (x: number) => ({ type: 'Point' as const, coordinates: [x, 40] });
const state = (version: number, properties: Record<string, unknown>, x = 116.3): FeatureState => Object.freeze({ id: 7, kind: 'bin', version, geometry: pt(x), properties: Object.freeze(properties) });

describe('changedFields', () => {
	it('lists the geometry and every property whose value differs, absent and null alike', () => {
		expect(changedFields(state(1, { a: 1, b: [1, 2], c: null }), state(2, { a: 1, b: [1, 2] }))).toEqual([]);
		expect(changedFields(state(1, { a: 1, b: [1, 2] }), state(2, { a: 2, b: [1, 3], d: 'x' }, 116.4))).toEqual(['geometry', 'a', 'b', 'd']);
	});
});

describe('rebaseUpdate', () => {
	const base = state(1, { status: 'installed', capacityL: 120 });
	const current = state(3, { status: 'damaged', capacityL: 120 }, 116.31);

	it('merges a change of fields nobody else changed, naming what they changed', () => {
		const result = rebaseUpdate({ op: 'update', id: 7, baseVersion: 1, properties: { capacityL: 240 } }, base, current);
		expect(result).toEqual({ ok: true, merged: ['geometry', 'status'], update: { op: 'update', id: 7, baseVersion: 3, properties: { capacityL: 240 }, merge: undefined } });
	});

	it('refuses a change of a field someone else changed, with what was read, sent and is stored now', () => {
		const result = rebaseUpdate({ op: 'update', id: 7, baseVersion: 1, properties: { status: 'removed', capacityL: 240 } }, base, current);
		expect(result).toEqual({ ok: false, conflicts: [{ field: 'status', read: 'installed', sent: 'removed', current: 'damaged' }] });
	});

	it('counts the geometry as one field', () => {
		const result = rebaseUpdate({ op: 'update', id: 7, baseVersion: 1, geometry: pt(116.32) }, base, current);
		expect(result).toEqual({ ok: false, conflicts: [{ field: 'geometry', read: pt(116.3), sent: pt(116.32), current: pt(116.31) }] });
	});

	it('takes setting a field to the value it already has as no change, so as no conflict', () => {
		const result = rebaseUpdate({ op: 'update', id: 7, baseVersion: 1, properties: { status: 'damaged' }, geometry: pt(116.31) }, base, current);
		expect(result.ok).toBe(true);
		expect(result.ok && result.update).toEqual({ op: 'update', id: 7, baseVersion: 3, properties: {}, merge: undefined });
	});
});
