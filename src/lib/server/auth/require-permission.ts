/**
 * The one permission check every write goes through. Call it first in a write handler, before
 * reading the body:
 *
 *   requirePermission(event, 'edit', def.kind);          // edit:bin, edit:zone, … (a kind or a collection id)
 *   requirePermission(event, 'edit', ['bin', 'zone']);   // every kind a changeset touches
 *   requirePermission(event, 'edit:rules');
 *   requirePermission(event, 'import');
 *   requirePermission(event, 'analysis:exact');
 *   requirePermission(event, 'admin:users');
 *
 * No signed-in user: 401 `auth.required`. A role without the permission: 403 `auth.forbidden`.
 * Returns the user, whose username the changeset records (write-context.ts).
 */
import type { RequestEvent } from '@sveltejs/kit';
import { kindByCollection, kindDef } from '../../domain/kinds';
import { ApiError } from '../http/api-error';
import type { AuthUser } from './auth-user';
import { can, canWriteAnything, editAction, type Action } from './permissions';

export function requireUser(event: Pick<RequestEvent, 'locals'>): AuthUser {
	const user = event.locals.user;
	if (!user) {
		throw new ApiError(
			401,
			'auth.required',
			'Sign in to make changes: this needs an account (log in on the web page, or send Authorization: Bearer <token> from POST /api/auth/login).'
		);
	}
	return user;
}

export function requirePermission(event: Pick<RequestEvent, 'locals'>, action: Action | 'edit', kindOrResource?: string | readonly string[]): AuthUser {
	const user = requireUser(event);
	const actions = actionsFor(action, kindOrResource);
	const missing = actions.length === 0 ? (canWriteAnything(user.role) ? undefined : ('edit' as const)) : actions.find((a) => !can(user.role, a));
	if (missing) {
		throw new ApiError(403, 'auth.forbidden', `Your role (${user.role}) may not ${describe(missing)}. Ask an administrator if you need to.`, {
			action: missing,
			role: user.role
		});
	}
	return user;
}

function actionsFor(action: Action | 'edit', kindOrResource: string | readonly string[] | undefined): Action[] {
	if (action !== 'edit') return [action];
	const targets = typeof kindOrResource === 'string' ? [kindOrResource] : [...(kindOrResource ?? [])];
	return [...new Set(targets.map((t) => editAction(kindByCollection(t)?.kind ?? t)))];
}

function describe(action: Action | 'edit'): string {
	if (action === 'edit') return 'make changes';
	if (action === 'import') return 'import data';
	if (action === 'admin:users') return 'manage users';
	if (action === 'edit:rules') return 'change the campaign rules';
	if (action === 'edit:templates') return 'change inspection templates';
	if (action === 'edit:inspection') return 'record inspections';
	if (action === 'analysis:exact') return 'run the exact site solver (it keeps the server busy for up to its time limit; the greedy suggestion is open to everyone)';
	const def = kindDef(action.slice('edit:'.length));
	return `change ${def ? def.label.en.toLowerCase() : action.slice('edit:'.length)}`;
}
