/**
 * The SQLite side of a move. better-sqlite3 answers at once; the copy's transaction is opened with
 * BEGIN IMMEDIATE on the one connection this process holds, because the batches from PostgreSQL
 * arrive between awaits, which db.transaction() does not allow.
 */
import type { Db } from '../index';
import { describeKey, quote, TransferError, type Row, type TransferStore, type Value } from './store';
import type { TransferTable } from './tables';

export class SqliteTransferStore implements TransferStore {
	readonly store = 'sqlite';
	private readonly inserts = new Map<string, import('better-sqlite3').Statement>();

	constructor(
		private readonly db: Db,
		readonly label: string
	) {}

	async count(table: TransferTable): Promise<number> {
		return this.db.$client.prepare(`SELECT count(*) FROM ${quote(table.name)}`).pluck().get() as number;
	}

	async readBatch(table: TransferTable, after: Value[] | null, limit: number): Promise<Row[]> {
		const key = table.primaryKey.map(quote).join(', ');
		const where = after ? `WHERE (${key}) > (${after.map(() => '?').join(', ')})` : '';
		const rows = this.db.$client
			.prepare(`SELECT ${table.columns.map((c) => quote(c.name)).join(', ')} FROM ${quote(table.name)} ${where} ORDER BY ${key} LIMIT ?`)
			.all(...(after ?? []), limit) as Row[];
		for (const row of rows) checkText(table, row);
		return rows;
	}

	/** In WAL mode a read transaction keeps the snapshot of its first read until it ends. */
	async snapshot(): Promise<void> {
		this.db.$client.exec('BEGIN');
		this.db.$client.prepare('SELECT count(*) FROM changesets').get();
	}

	async endSnapshot(): Promise<void> {
		if (this.db.$client.inTransaction) this.db.$client.exec('COMMIT');
	}

	async begin(): Promise<void> {
		this.db.$client.exec('BEGIN IMMEDIATE');
	}

	async insert(table: TransferTable, rows: Row[]): Promise<void> {
		let statement = this.inserts.get(table.name);
		if (!statement) {
			const names = table.columns.map((c) => c.name);
			statement = this.db.$client.prepare(`INSERT INTO ${quote(table.name)} (${names.map(quote).join(', ')}) VALUES (${names.map((n) => `@${n}`).join(', ')})`);
			this.inserts.set(table.name, statement);
		}
		for (const row of rows) {
			try {
				statement.run(row);
			} catch (e) {
				throw new TransferError(`Writing ${table.name} (${describeKey(table, row)}) into ${this.label} failed: ${(e as Error).message}`);
			}
		}
	}

	/** SQLite's AUTOINCREMENT counters follow the largest id inserted by themselves. */
	async advanceIds(): Promise<void> {}

	async commit(): Promise<void> {
		this.db.$client.exec('COMMIT');
	}

	async rollback(): Promise<void> {
		if (this.db.$client.inTransaction) this.db.$client.exec('ROLLBACK');
	}

	async close(): Promise<void> {
		this.db.$client.close();
	}
}

/**
 * SQLite keeps geometry and JSON as text it does not check: a row the app could not read is named
 * here rather than failing later as a PostgreSQL parse error without its table.
 */
function checkText(table: TransferTable, row: Row): void {
	for (const column of table.columns) {
		const value = row[column.name];
		if (column.kind === 'plain' || value === null) continue;
		let parsed: unknown;
		try {
			parsed = JSON.parse(String(value));
		} catch {
			throw new TransferError(`${table.name} (${describeKey(table, row)}): ${column.name} is not valid JSON.`);
		}
		if (column.kind === 'geometry' && (typeof parsed !== 'object' || parsed === null || typeof (parsed as { type?: unknown }).type !== 'string')) {
			throw new TransferError(`${table.name} (${describeKey(table, row)}): ${column.name} is not a GeoJSON geometry.`);
		}
	}
}
