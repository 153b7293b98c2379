/**
 * How an error crosses between a worker thread and the main thread so that it reaches the API as
 * it would have from the main thread: a refusal as the same ServiceError, a full disk
 * or a held lock as the same SqliteError or PostgreSQL error (→ 503), a stale version as the same VersionConflictError
 * (→ 409). Anything else arrives as a plain Error naming the worker it came from.
 */
import Database from 'better-sqlite3';
import { ServiceError } from '../services/service-error';
import { postgresCode } from '../db/postgres/errors';
import type { RefusalReason } from '../../issues';
import type { FieldConflict } from '../../domain/edits/merge';
import type { Refusal } from '../../domain/edits/refusal';
import { EditRefusedError, FeatureNotFoundError, VersionConflictError } from '../repositories/errors';
import type { StoredFeature } from '../repositories/stored-feature';

export type SerializedError =
	| { kind: 'service'; reason: RefusalReason; code: string; message: string; details?: unknown; params?: Record<string, string | number> }
	| { kind: 'sqlite'; code: string; message: string }
	| { kind: 'postgres'; code: string; severity: string; message: string }
	| { kind: 'conflict'; current: StoredFeature | null; expectedVersion: number | null; conflicts: FieldConflict[] }
	| { kind: 'refused'; refusal: Refusal }
	| { kind: 'feature-not-found'; featureId: number }
	| { kind: 'other'; name: string; message: string; stack?: string };

export function serializeError(e: unknown): SerializedError {
	if (e instanceof ServiceError) return { kind: 'service', reason: e.reason, code: e.code, message: e.message, details: e.details, ...(e.params !== undefined ? { params: e.params } : {}) };
	if (e instanceof VersionConflictError) return { kind: 'conflict', current: e.current, expectedVersion: e.expectedVersion, conflicts: e.conflicts };
	if (e instanceof EditRefusedError) return { kind: 'refused', refusal: e.refusal };
	if (e instanceof FeatureNotFoundError) return { kind: 'feature-not-found', featureId: e.featureId };
	if (e instanceof Error) {
		const code = (e as Error & { code?: unknown }).code;
		if (e.name === 'SqliteError' && typeof code === 'string') return { kind: 'sqlite', code, message: e.message };
		const sqlstate = postgresCode(e);
		if (sqlstate) return { kind: 'postgres', code: sqlstate, severity: String((e as Error & { severity?: unknown }).severity ?? 'ERROR'), message: e.message };
		return { kind: 'other', name: e.name, message: e.message, stack: e.stack };
	}
	return { kind: 'other', name: 'Error', message: String(e) };
}

/** `worker` names the thread in the message of an unexpected error ("the import worker"). */
export function deserializeError(s: SerializedError, worker: string): Error {
	switch (s.kind) {
		case 'service':
			return new ServiceError(s.reason, s.code, s.message, s.details, s.params);
		case 'sqlite':
			return new Database.SqliteError(s.message, s.code);
		case 'postgres':
			// The shape storage-errors.ts knows pg's DatabaseError by.
			return Object.assign(new Error(s.message), { code: s.code, severity: s.severity });
		case 'conflict':
			return new VersionConflictError(s.current, s.expectedVersion, s.conflicts);
		case 'refused':
			return new EditRefusedError(s.refusal);
		case 'feature-not-found':
			return new FeatureNotFoundError(s.featureId);
		default: {
			const e = new Error(`In ${worker}: ${s.message}`);
			e.name = s.name;
			if (s.stack) e.stack = `${e.name}: ${e.message}\n--- in ${worker} ---\n${s.stack}`;
			return e;
		}
	}
}
