/**
 * The store contract of Open311 keys (`open311_keys`) and the people behind public reports
 * (`public_reporters`), and the reads that tell which public reports were marked as spam. The
 * SQLite store (../repositories/open311.ts) and the PostgreSQL one (postgres/open311.ts) answer
 * them alike; open311.pg.test.ts holds both to the same cases.
 *
 * Secrets are never stored: a key and a tracking token arrive here as their SHA-256 only, and
 * each hash is unique in its table.
 */

/** An Open311 key as an administrator sees it: never its hash. */
export interface Open311KeyRow {
	id: number;
	name: string;
	ratePerHour: number;
	createdAt: string;
	createdBy: string;
	revokedAt: string | null;
}

export interface NewOpen311Key {
	name: string;
	/** SHA-256 of the key, hex. */
	keyHash: string;
	ratePerHour: number;
	createdAt: string;
	createdBy: string;
}

/** One reporter of a case as a manager sees them: never the token's hash. */
export interface PublicReporterRow {
	/** report (made the case), join (added themselves to it), open311 (posted by a client with a key). */
	role: string;
	contact: string | null;
	createdAt: string;
	/** The Open311 key that posted it, when one did. */
	keyId: number | null;
}

export interface NewPublicReporter extends PublicReporterRow {
	caseId: number;
	/** SHA-256 of the tracking token, hex. */
	tokenHash: string;
}

/** A key hash or a token hash that is stored already: nothing was written. */
export class DuplicateHashError extends Error {
	constructor(readonly table: 'open311_keys' | 'public_reporters') {
		super(`That hash is stored in ${table} already.`);
	}
}

/** A reporter row for a case that was never stored (deleted cases count: their row stays): nothing was written. */
export class UnknownCaseError extends Error {
	constructor(readonly caseId: number) {
		super(`There is no feature ${caseId} to record a reporter of.`);
	}
}

export interface Open311KeyStore {
	/** Stores a new, live key; answers it with its id. A `keyHash` stored already: DuplicateHashError. */
	insertKey(key: NewOpen311Key): Promise<Open311KeyRow>;
	/** Every key, revoked ones included, newest (highest id) first. */
	listKeys(): Promise<Open311KeyRow[]>;
	/** The key with this hash, revoked or not; undefined when none has it. */
	keyByHash(keyHash: string): Promise<Open311KeyRow | undefined>;
	/**
	 * Revokes key `id` as of `at`, in one statement; a key revoked already keeps its first
	 * `revokedAt`. Answers the key as it stands after, or undefined when there is no key `id`.
	 */
	revokeKey(id: number, at: string): Promise<Open311KeyRow | undefined>;
}

export interface PublicReporterStore {
	/**
	 * Records one reporter of case `caseId`. A `tokenHash` stored already: DuplicateHashError; a
	 * `caseId` that is no feature row: UnknownCaseError. Either way nothing is written.
	 */
	insertReporter(reporter: NewPublicReporter): Promise<void>;
	/** The case the token with this hash was given for, whether or not the case stands; undefined for an unknown hash. */
	caseOfTokenHash(tokenHash: string): Promise<number | undefined>;
	/** The reporters of a case in the order they came (oldest first); empty for a case with none. */
	reportersOf(caseId: number): Promise<PublicReporterRow[]>;

	/*
	 * Public reports marked as spam: deleted hotspot cases whose `reportSource` is `public` or
	 * `open311`. They are absent from every public answer, including answers about the past (the
	 * report of a period, which reads the versions as they were then). A deleted staff case is
	 * not one of them.
	 */

	/** The ids of every public report marked as spam. */
	spamMarkedCaseIds(): Promise<Set<number>>;
	/** Whether feature `id` is a public report marked as spam. */
	isSpamMarkedCase(id: number): Promise<boolean>;
	/** Whether a photo is among the `photos` of a public report marked as spam (a deleted case keeps its last photos). */
	isSpamMarkedPhoto(photoId: string): Promise<boolean>;
}

export type Open311Store = Open311KeyStore & PublicReporterStore;
