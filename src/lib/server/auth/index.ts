/**
 * Accounts for the server. The users, sessions and sign-in throttle live in the composition root
 * (`getApp().auth`); route handlers use `requirePermission` (require-permission.ts).
 */
export { requirePermission, requireUser } from './require-permission';
export type { Action } from './permissions';
export type { AuthUser } from './auth-user';
export type { Role } from './roles';
export type { Auth } from '../app';
