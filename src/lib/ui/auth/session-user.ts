/** The signed-in user as pages see it (`page.data.user`, from src/routes/+layout.server.ts). */
export interface SessionUser {
	username: string;
	displayName: string;
	role: 'admin' | 'planner' | 'field' | 'viewer';
	/** The actions this role may take: `edit:<kind>`, `edit:rules`, `import`, `analysis:exact`, `admin:users`. */
	permissions: string[];
	/** The zones given to this user (分片包干); empty: no restriction. Field staff edit only inside them. */
	zones: number[];
}
