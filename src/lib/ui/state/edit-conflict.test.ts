import { describe, expect, it } from 'vitest';
import type { ApiFeature } from '../../domain/api-types';
import { chooseAll, conflictOf, resolveConflict } from './edit-conflict';
import type { UserEdit } from './user-edit';

const current: ApiFeature = {
	type: 'Feature',
	id: 7,
	version: 3,
	collection: 'bins',
	geometry: { type: 'Point', coordinates: [116.31, 40] },
	properties: { status: 'damaged', capacityL: 500 },
	updatedAt: '2026-11-28T01:00:00.000Z',
	updatedBy: 'li'
};
const save = Object.freeze<UserEdit>({
	label: 'history.edit',
	edits: [{ type: 'patch', collection: 'bins', id: 7, version: 1, feature: { properties: { status: 'removed', capacityL: 240, name: 'Gate' }, geometry: { type: 'Point', coordinates: [116.32, 40] } } }]
});
const refusal = (fields: unknown[], feature: ApiFeature | null = current) => ({ status: 409, code: 'conflict', message: 'changed', details: { expectedVersion: 1, current: feature, fields } });
const fields = [
	{ field: 'status', read: 'installed', sent: 'removed', current: 'damaged' },
	{ field: 'capacityL', read: 120, sent: 240, current: 500 },
	{ field: 'geometry', read: { type: 'Point', coordinates: [116.3, 40] }, sent: { type: 'Point', coordinates: [116.32, 40] }, current: { type: 'Point', coordinates: [116.31, 40] } }
];

describe('conflictOf', () => {
	it('finds the colliding edit and its fields in a 409', () => {
		expect(conflictOf(save, refusal(fields))).toMatchObject({ index: 0, current, fields });
	});

	it('is null for any other refusal', () => {
		expect(conflictOf(save, { status: 400, code: 'feature.invalid', message: 'bad' })).toBeNull();
		expect(conflictOf(save, { status: 409, code: 'transition.not-allowed', message: 'no' })).toBeNull();
	});
});

describe('resolveConflict', () => {
	it('sends the fields kept as mine, and those nobody else changed, on the current version', () => {
		const conflict = conflictOf(save, refusal(fields))!;
		const resolved = resolveConflict(conflict, { status: 'mine', capacityL: 'theirs', geometry: 'theirs' });
		expect(resolved!.edits).toEqual([{ type: 'patch', collection: 'bins', id: 7, version: 3, feature: { properties: { status: 'removed', name: 'Gate' } } }]);
		expect(save.edits[0]).toMatchObject({ version: 1 });
	});

	it('keeps mine on every field left unchosen', () => {
		const resolved = resolveConflict(conflictOf(save, refusal(fields))!, {});
		expect(resolved!.edits[0]).toMatchObject({ version: 3, feature: { properties: { status: 'removed', capacityL: 240, name: 'Gate' }, geometry: { coordinates: [116.32, 40] } } });
	});

	it('sends nothing when theirs is kept everywhere and nothing else was changed', () => {
		const onlyStatus: UserEdit = { label: 'x', edits: [{ type: 'patch', collection: 'bins', id: 7, version: 1, feature: { properties: { status: 'removed' } } }] };
		const conflict = conflictOf(onlyStatus, refusal([fields[0]]))!;
		expect(resolveConflict(conflict, chooseAll(conflict, 'theirs'))).toBeNull();
	});

	it('sends a whole edit again on the current version when it collided as a whole, and nothing for a deleted feature', () => {
		const close: UserEdit = { label: 'x', edits: [{ type: 'move-case', id: 7, version: 1, to: 'resolved', note: 'done', photoIds: ['p'] }] };
		expect(resolveConflict(conflictOf(close, refusal([]))!, {})!.edits).toEqual([{ type: 'move-case', id: 7, version: 3, to: 'resolved', note: 'done', photoIds: ['p'] }]);
		expect(resolveConflict(conflictOf(close, refusal([], null))!, {})).toBeNull();
	});
});
