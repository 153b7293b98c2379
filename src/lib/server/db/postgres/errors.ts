/** The SQLSTATE of an error the PostgreSQL server sent (pg's DatabaseError, matched by shape, so that callers need not load pg). */
export function postgresCode(e: unknown): string | null {
	if (!(e instanceof Error)) return null;
	const { code, severity } = e as Error & { code?: unknown; severity?: unknown };
	return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && typeof severity === 'string' ? code : null;
}
