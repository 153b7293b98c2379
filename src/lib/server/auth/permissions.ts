/**
 * Who may do what, as data: one row per role listing the actions it may take. Every write route
 * asks `requirePermission` (require-permission.ts), which reads this table and nothing else.
 *
 * Action names:
 *   edit:<kind>   create, change, delete or undo features of that kind (`edit:bin`, `edit:hotspot`,
 *                 `edit:roadSegment`, `edit:zone`, …; the kind codes of src/lib/domain/kinds)
 *   edit:inspection  record inspections (the work cycle; field staff and up)
 *   edit:templates   create and change inspection templates (planners and up)
 *   edit:rules    change the campaign rules (spacing, radii, targets)
 *   import        bulk imports of data files
 *   analysis:exact  the exact (MILP) site solver: it stores nothing, but one run keeps a CPU busy
 *                 for up to its time limit, so it is not open to anonymous callers
 *   admin:users   add users, reset passwords, change roles
 */
import { KINDS } from '../../domain/kinds';
import type { Role } from './roles';

export type Action = `edit:${string}` | 'import' | 'analysis:exact' | 'admin:users';

/** `edit:<kind>` for a feature kind code such as `bin` or `roadSegment`. */
export const editAction = (kind: string): Action => `edit:${kind}`;

const ALL_KINDS = KINDS.map((d) => d.kind);
/** Field staff keep assets, hotspots and road surfaces current; zones are drawn by planners. */
const FIELD_KINDS = ALL_KINDS.filter((k) => k !== 'zone');

export const PERMISSIONS: Readonly<Record<Role, readonly Action[]>> = {
	admin: [...ALL_KINDS.map(editAction), 'edit:inspection', 'edit:templates', 'edit:rules', 'import', 'analysis:exact', 'admin:users'],
	planner: [...ALL_KINDS.map(editAction), 'edit:inspection', 'edit:templates', 'edit:rules', 'import', 'analysis:exact'],
	field: [...FIELD_KINDS.map(editAction), 'edit:inspection'],
	viewer: []
};

/** Every action some role may take: the columns of the table. */
export const ACTIONS: readonly Action[] = [...new Set(Object.values(PERMISSIONS).flat())];

export function can(role: Role, action: Action): boolean {
	return PERMISSIONS[role].includes(action);
}

/** Whether this role may write anything at all (viewers may not). */
export function canWriteAnything(role: Role): boolean {
	return PERMISSIONS[role].length > 0;
}
