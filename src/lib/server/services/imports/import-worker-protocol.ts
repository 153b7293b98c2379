/**
 * What the main thread and the import worker say to each other (import-runner.ts ⇄
 * import-worker-main.ts), and how an error crosses between them so that it reaches the API as it
 * would have from the main thread: a validation problem as the same 4xx ApiError, a full disk or a
 * held lock as the same SqliteError (→ 503), a stale version as the same VersionConflictError (→ 409).
 */
import Database from 'better-sqlite3';
import type { FieldConflict } from '../../../domain/edits/merge';
import type { ImportFormat, ImportLimits } from '../../../import/types';
import { ApiError } from '../../http/api-error';
import { FeatureNotFoundError, VersionConflictError } from '../../repositories/errors';
import type { StoredFeature } from '../../repositories/stored-feature';
import type { ImportChoices, ImportResult } from './import';

/** Tells the worker module, loaded in a worker thread, that it is the import worker. */
export const IMPORT_WORKER_MARK = 'sanimap-import-worker';

export interface ImportWorkerInit {
	mark: typeof IMPORT_WORKER_MARK;
	/** The database file; the worker opens its own connection to it (already migrated). */
	databasePath: string;
	limits: ImportLimits;
	/** How far the server's clock is ahead of the machine's (SANIMAP_NOW), ms: the worker stamps its changesets by the same time. */
	clockOffsetMs: number;
}

/**
 * Where a long import stands. `total` 0: not known yet (a JSON or XML file is read in one step).
 * waiting: not started (or not known to the server); parse: reading the file (CSV: characters);
 * check: checking rows against the layer and the database (rows); commit: writing features
 * (features); done / failed: finished.
 */
export type ImportPhase = 'waiting' | 'parse' | 'check' | 'commit' | 'done' | 'failed';

export interface ImportProgress {
	phase: ImportPhase;
	done: number;
	total: number;
}

/** What the main thread keeps of a file the worker read; the rows stay in the worker. */
export interface FileSummary {
	format: ImportFormat;
	columns: string[];
	notes: Record<string, unknown>;
	rows: number;
}

export interface CommitInput {
	filename: string;
	skipInvalid: boolean;
	author: string;
	userId?: number | null;
	comment?: string;
}

/** A job for the worker: read a file and keep it under `token`; preview it; commit it. */
export type JobRequest =
	| { op: 'read'; token: string; filename: string; bytes: Uint8Array }
	| { op: 'preview'; token: string; filename: string; choices: ImportChoices }
	| { op: 'commit'; token: string; choices: ImportChoices; input: CommitInput };

/** A job, numbered for its answers; or word that a file is no longer needed. */
export type WorkerRequest = (JobRequest & { job: number }) | { op: 'drop'; token: string };

export interface WorkerResults {
	read: FileSummary;
	/** The preview as JSON text, ready to send. */
	preview: string;
	commit: ImportResult;
}

export type WorkerReply =
	| { type: 'progress'; job: number; progress: ImportProgress }
	| { type: 'done'; job: number; result: unknown }
	| { type: 'failed'; job: number; error: SerializedError };

export type SerializedError =
	| { kind: 'api'; status: number; code: string; message: string; details?: unknown }
	| { kind: 'sqlite'; code: string; message: string }
	| { kind: 'conflict'; current: StoredFeature | null; expectedVersion: number | null; conflicts: FieldConflict[] }
	| { kind: 'feature-not-found'; featureId: number }
	| { kind: 'other'; name: string; message: string; stack?: string };

export function serializeError(e: unknown): SerializedError {
	if (e instanceof ApiError) return { kind: 'api', status: e.status, code: e.code, message: e.message, details: e.details };
	if (e instanceof VersionConflictError) return { kind: 'conflict', current: e.current, expectedVersion: e.expectedVersion, conflicts: e.conflicts };
	if (e instanceof FeatureNotFoundError) return { kind: 'feature-not-found', featureId: e.featureId };
	if (e instanceof Error) {
		const code = (e as Error & { code?: unknown }).code;
		if (e.name === 'SqliteError' && typeof code === 'string') return { kind: 'sqlite', code, message: e.message };
		return { kind: 'other', name: e.name, message: e.message, stack: e.stack };
	}
	return { kind: 'other', name: 'Error', message: String(e) };
}

export function deserializeError(s: SerializedError): Error {
	switch (s.kind) {
		case 'api':
			return new ApiError(s.status, s.code, s.message, s.details);
		case 'sqlite':
			return new Database.SqliteError(s.message, s.code);
		case 'conflict':
			return new VersionConflictError(s.current, s.expectedVersion, s.conflicts);
		case 'feature-not-found':
			return new FeatureNotFoundError(s.featureId);
		default: {
			const e = new Error(`In the import worker: ${s.message}`);
			e.name = s.name;
			if (s.stack) e.stack = `${e.name}: ${e.message}\n--- in the import worker ---\n${s.stack}`;
			return e;
		}
	}
}
