/**
 * What the main thread and the import worker say to each other (import-runner.ts ⇄
 * import-worker-main.ts). Errors cross as workers/worker-errors.ts describes.
 */
import type { ImportFormat, ImportLimits } from '../../../import/types';
import type { SerializedError } from '../../workers/worker-errors';
import type { StoreTarget } from '../../store/target';
import type { ImportChoices, ImportResult } from './import';

/** Tells the worker module, loaded in a worker thread, that it is the import worker. */
export const IMPORT_WORKER_MARK = 'sanimap-import-worker';

export interface ImportWorkerInit {
	mark: typeof IMPORT_WORKER_MARK;
	/** The server's store; the worker opens its own connection to it (already migrated). */
	target: StoreTarget;
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

