/**
 * First start: when no administrator can sign in, create `admin` (or restore it) with the password
 * from SANIMAP_ADMIN_PASSWORD, or with a generated one printed once on the console.
 */
import { generatePassword, hashPassword, passwordIssues } from './passwords';
import type { SessionStore } from './sessions';
import type { UserRepository } from './users';

export const FIRST_ADMIN_USERNAME = 'admin';

export async function ensureFirstAdmin(
	{ users, sessions }: { users: UserRepository; sessions: SessionStore },
	configuredPassword: string | undefined, log: (line: string) => void): Promise<void> {
	if ((await users.activeAdminCount()) > 0) return;
	if (configuredPassword !== undefined) {
		const issues = passwordIssues(configuredPassword, 'SANIMAP_ADMIN_PASSWORD');
		if (issues.length > 0) throw new Error(`SANIMAP_ADMIN_PASSWORD cannot be used: ${issues[0].message}`);
	}
	const password = configuredPassword ?? generatePassword();
	const passwordHash = await hashPassword(password);
	const existing = await users.byUsername(FIRST_ADMIN_USERNAME);
	if (existing) {
		await users.update(existing.id, { role: 'admin', passwordHash, disabled: false });
		await sessions.deleteForUser(existing.id);
	} else {
		await users.create({ username: FIRST_ADMIN_USERNAME, displayName: 'Administrator', role: 'admin', passwordHash });
	}
	const what = existing ? 'restored the administrator' : 'created the first administrator';
	if (configuredPassword !== undefined) log(`sanimap: ${what} "${FIRST_ADMIN_USERNAME}" with the password from SANIMAP_ADMIN_PASSWORD.`);
	else framed(log, `sanimap: ${what} "${FIRST_ADMIN_USERNAME}" with the password ${password} — it is shown only this once; sign in and change it.`);
}

/** The one line a new user must not miss, set apart from the rest of the start's output. */
function framed(log: (line: string) => void, line: string): void {
	const rule = '─'.repeat(72);
	log(`┌${rule}`);
	log(`│ ${line}`);
	log(`└${rule}`);
}
