/** The admin page's calls to `/api/auth/users`; a refusal throws with the server's message. */
export interface AdminUser {
	id: number;
	username: string;
	displayName: string;
	role: 'admin' | 'planner' | 'field' | 'viewer';
	disabled: boolean;
}

async function send(method: string, path: string, body: unknown): Promise<AdminUser> {
	let res: Response;
	try {
		res = await fetch(path, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
	} catch {
		throw new Error('The server could not be reached.');
	}
	const answer = await res.json().catch(() => null);
	if (!res.ok) throw new Error(answer?.message ?? `HTTP ${res.status}`);
	return answer as AdminUser;
}

export const addUser = (input: { username: string; displayName?: string; role: string; password: string }) => send('POST', '/api/auth/users', input);

export const updateUser = (username: string, change: { role?: string; displayName?: string; password?: string; disabled?: boolean }) =>
	send('PATCH', `/api/auth/users/${encodeURIComponent(username)}`, change);

/** Gives a user zones (分片包干): field staff with zones edit only inside them. */
export async function setUserZones(username: string, zones: number[]): Promise<number[]> {
	let res: Response;
	try {
		res = await fetch(`/api/auth/users/${encodeURIComponent(username)}/zones`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ zones }) });
	} catch {
		throw new Error('The server could not be reached.');
	}
	const answer = await res.json().catch(() => null);
	if (!res.ok) throw new Error(answer?.message ?? `HTTP ${res.status}`);
	return (answer as { zones: number[] }).zones;
}
