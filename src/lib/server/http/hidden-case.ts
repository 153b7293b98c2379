import { getApp } from '../app';
import { can } from '../auth/permissions';
import type { AuthUser } from '../auth/auth-user';
import { ApiError } from './api-error';

/** A public report marked as spam is gone for everyone but managers, its history included: 404 as for a case that never was. */
export async function refuseHiddenCase(id: number, locals: { user?: AuthUser | null }): Promise<void> {
	if (locals.user && can(locals.user.role, 'moderate:reports')) return;
	if (await getApp().publicReports.isHiddenCase(id)) throw new ApiError(404, 'feature.not-found', `There is no hotspot ${id}.`);
}
