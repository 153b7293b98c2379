/** PostgreSQL's errors as the store reads them: by SQLSTATE (https://www.postgresql.org/docs/15/errcodes-appendix.html). */

export const UNIQUE_VIOLATION = '23505';
export const FOREIGN_KEY_VIOLATION = '23503';

/**
 * The SQLSTATE of an error the PostgreSQL server sent (pg's DatabaseError, matched by shape so
 * that callers need not load pg), also when drizzle passed it on wrapped as a cause.
 */
export function postgresCode(e: unknown): string | null {
	for (let error = e; error instanceof Error; error = error.cause) {
		const { code, severity } = error as Error & { code?: unknown; severity?: unknown };
		if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && typeof severity === 'string') return code;
	}
	return null;
}

/** A write whose broken constraint is the caller's mistake: that refusal instead of the driver's error. */
export async function refusingConstraints<T>(write: Promise<T>, refusals: { unique?: () => Error; foreignKey?: () => Error }): Promise<T> {
	try {
		return await write;
	} catch (error) {
		const code = postgresCode(error);
		if (code === UNIQUE_VIOLATION && refusals.unique) throw refusals.unique();
		if (code === FOREIGN_KEY_VIOLATION && refusals.foreignKey) throw refusals.foreignKey();
		throw error;
	}
}
