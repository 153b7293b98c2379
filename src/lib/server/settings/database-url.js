// Plain JavaScript for scripts/start.js, like validators.js.
/**
 * What store DATABASE_URL names, and whether this build has it: the one place that decides.
 *
 * - a file path (`var/sanimap.db`, `/srv/sanimap.db`), `file:…` or `sqlite:…`: the SQLite file, relative paths from the app's folder;
 * - `postgres://…` or `postgresql://…`: PostgreSQL;
 * - any other `scheme://…` (two letters or more, so a Windows drive is still a path): a store sanimap does not know.
 */
import { resolve } from 'node:path';

/** @typedef {{ store: 'sqlite'; path: string } | { store: 'postgres'; url: string } | { store: 'unknown'; scheme: string }} DatabaseTarget */


/** @param {string} raw @param {string} appRoot @returns {DatabaseTarget} */
export function classifyDatabaseUrl(raw, appRoot) {
	if (/^postgres(ql)?:/i.test(raw)) return { store: 'postgres', url: raw };
	// As before URLs were told apart: the rest after file: or sqlite: is the path (file:///srv/x.db → /srv/x.db).
	const prefix = /^(file|sqlite):/i.exec(raw);
	if (prefix) return { store: 'sqlite', path: resolve(appRoot, raw.slice(prefix[0].length)) };
	const scheme = /^([a-z][a-z0-9+.-]+):\/\//i.exec(raw);
	if (scheme) return { store: 'unknown', scheme: scheme[1].toLowerCase() };
	return { store: 'sqlite', path: resolve(appRoot, raw) };
}

/** A password in a URL (postgres://user:secret@host/db) is not repeated in a message. @param {string} raw */
export const maskUrlPassword = (raw) => raw.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*:)[^@/]*@/i, '$1***@');
