import type { Role } from './roles';

/** The signed-in user as a request sees it (`event.locals.user`). */
export interface AuthUser {
	id: number;
	username: string;
	displayName: string;
	role: Role;
}

/** How the request proved who it is. */
export interface RequestSession {
	id: string;
	kind: 'cookie' | 'token';
}
