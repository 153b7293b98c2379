import { describe, expect, it } from 'vitest';
import { KINDS } from '../../domain/kinds';
import { ACTIONS, can, editAction, PERMISSIONS } from './permissions';
import { ROLES } from './roles';
import { requirePermission } from './require-permission';
import { ApiError } from '../http/api-error';

const assetKinds = KINDS.map((d) => d.kind).filter((k) => k !== 'zone');

describe('the role × action table', () => {
	it('lets admins do everything, planners all but users, viewers nothing', () => {
		for (const action of ACTIONS) expect(can('admin', action), action).toBe(true);
		for (const action of ACTIONS) expect(can('planner', action), action).toBe(action !== 'admin:users');
		expect(PERMISSIONS.viewer).toEqual([]);
	});

	it('lets field staff edit every kind but zones, and nothing else', () => {
		for (const kind of assetKinds) expect(can('field', editAction(kind)), kind).toBe(true);
		expect(assetKinds).toEqual(expect.arrayContaining(['bin', 'hotspot', 'roadSegment']));
		for (const action of ['edit:zone', 'edit:templates', 'edit:rules', 'import', 'analysis:exact', 'admin:users'] as const) expect(can('field', action), action).toBe(false);
		// Field staff record inspections; the checklists are the planners'.
		expect(can('field', 'edit:inspection')).toBe(true);
	});

	it('names every action in the table by its obvious name', () => {
		expect([...ACTIONS].sort()).toEqual([...KINDS.map((d) => `edit:${d.kind}`), 'edit:inspection', 'edit:templates', 'edit:rules', 'import', 'analysis:exact', 'admin:users'].sort());
		expect(Object.keys(PERMISSIONS).sort()).toEqual([...ROLES].sort());
	});
});

describe('requirePermission', () => {
	const as = (role: (typeof ROLES)[number] | null) => ({ locals: { user: role ? { id: 1, username: 'u', displayName: 'U', role } : null, session: null } });
	const refusal = (fn: () => unknown) => {
		try {
			fn();
		} catch (e) {
			return e instanceof ApiError ? { status: e.status, code: e.code } : e;
		}
		return null;
	};

	it('answers 401 without a user and 403 for a role without the action', () => {
		expect(refusal(() => requirePermission(as(null), 'edit', 'bin'))).toEqual({ status: 401, code: 'auth.required' });
		expect(refusal(() => requirePermission(as('viewer'), 'edit', 'bin'))).toEqual({ status: 403, code: 'auth.forbidden' });
		expect(refusal(() => requirePermission(as('field'), 'edit:zone'))).toEqual({ status: 403, code: 'auth.forbidden' });
		expect(refusal(() => requirePermission(as('planner'), 'admin:users'))).toEqual({ status: 403, code: 'auth.forbidden' });
	});

	it('takes a kind, a collection id, or every kind of a changeset', () => {
		expect(requirePermission(as('field'), 'edit', 'road-segments').role).toBe('field');
		expect(requirePermission(as('field'), 'edit', ['bin', 'hotspot']).role).toBe('field');
		expect(refusal(() => requirePermission(as('field'), 'edit', ['bin', 'zone']))).toEqual({ status: 403, code: 'auth.forbidden' });
		expect(refusal(() => requirePermission(as('field'), 'edit', 'zones'))).toEqual({ status: 403, code: 'auth.forbidden' });
	});

	it('with no kinds at all, needs some write permission', () => {
		expect(requirePermission(as('field'), 'edit', []).role).toBe('field');
		expect(refusal(() => requirePermission(as('viewer'), 'edit', []))).toEqual({ status: 403, code: 'auth.forbidden' });
	});

	it('says in the message which role and what it may not do', () => {
		try {
			requirePermission(as('field'), 'edit', 'zone');
			expect.unreachable();
		} catch (e) {
			expect((e as ApiError).message).toMatch(/field.*change zones/);
			expect((e as ApiError).details).toEqual({ action: 'edit:zone', role: 'field' });
		}
	});
});
