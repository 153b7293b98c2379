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
	/** The newest changeset written under this session (read-after.ts); 0: none. */
	readAfter: number;
}
