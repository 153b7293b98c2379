/**
 * One side of a move, SQLite or PostgreSQL, behind the few operations a copy needs. Values travel
 * as the stores' own text where they have one (GeoJSON, JSON), so a copy compares like with like.
 */
import type { TransferTable } from './tables';

export type Value = string | number | null;
export type Row = Record<string, Value>;

export interface TransferStore {
	readonly store: 'sqlite' | 'postgres';
	/** Where it is, without a password: for messages. */
	readonly label: string;
	count(table: TransferTable): Promise<number>;
	/**
	 * Up to `limit` rows in primary-key order, after the row whose key is `after` (from the start
	 * when null). Geometry as GeoJSON text, JSON as compact JSON text.
	 */
	readBatch(table: TransferTable, after: Value[] | null, limit: number): Promise<Row[]>;
	/**
	 * Reads from here on see one moment of the database until endSnapshot: the copy and its
	 * comparison read the same rows while a server goes on writing.
	 */
	snapshot(): Promise<void>;
	endSnapshot(): Promise<void>;
	/** Starts the one transaction every insert of the copy goes into. */
	begin(): Promise<void>;
	insert(table: TransferTable, rows: Row[]): Promise<void>;
	/** Sets id counters past the copied ids, inside the copy's transaction. */
	advanceIds(tables: TransferTable[]): Promise<void>;
	commit(): Promise<void>;
	rollback(): Promise<void>;
	close(): Promise<void>;
}

/** A move that cannot go on; the message says why and what to do. */
export class TransferError extends Error {}

export const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** The primary key of a row, to read on after it. */
export const keyOf = (table: TransferTable, row: Row): Value[] => table.primaryKey.map((c) => row[c]);

/** `id=5` or `user_id=3, zone_id=9`: a row named in a message. */
export const describeKey = (table: TransferTable, row: Row): string => table.primaryKey.map((c) => `${c}=${row[c]}`).join(', ');
