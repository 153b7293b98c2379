/**
 * The PostgreSQL side of a move: one connection for the copy's transaction, geometries written
 * with ST_GeomFromGeoJSON and read with ST_AsGeoJSON, as the PostgreSQL store does (geometry.ts),
 * but read with more decimals than the store's 15: given that many, PostGIS writes each number's
 * shortest round-trip digits, as JavaScript does, so a coordinate near 0 comes back the same double.
 */
import type pg from 'pg';
import type { PgDb } from '../postgres';
import { describeKey, quote, TransferError, type Row, type TransferStore, type Value } from './store';
import type { TransferColumn, TransferTable } from './tables';

/** Enough for every double's shortest round-trip digits in PostGIS's fixed notation (seen on PostGIS 3.3). */
const TRANSFER_DECIMALS = 30;

export class PgTransferStore implements TransferStore {
	readonly store = 'postgres';
	private client: pg.PoolClient | null = null;

	constructor(
		private readonly db: PgDb,
		readonly label: string
	) {}

	private query<R extends pg.QueryResultRow>(text: string, values: unknown[] = []) {
		return (this.client ?? this.db.$client).query<R>(text, values);
	}

	async count(table: TransferTable): Promise<number> {
		return (await this.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${quote(table.name)}`)).rows[0].n;
	}

	async readBatch(table: TransferTable, after: Value[] | null, limit: number): Promise<Row[]> {
		// COLLATE "C" orders text keys by bytes, as SQLite does, whatever the database's collation.
		const key = table.primaryKey.map((name) => (table.columns.find((c) => c.name === name)?.text ? `${quote(name)} COLLATE "C"` : quote(name))).join(', ');
		const values: unknown[] = after ? [...after] : [];
		const where = after ? `WHERE (${key}) > (${after.map((_, i) => `$${i + 1}`).join(', ')})` : '';
		values.push(limit);
		const { rows } = await this.query<Row>(`SELECT ${table.columns.map(selectColumn).join(', ')} FROM ${quote(table.name)} ${where} ORDER BY ${key} LIMIT $${values.length}`, values);
		for (const row of rows) {
			for (const column of table.columns) {
				// jsonb's text has spaces after its separators; the SQLite store writes JSON.stringify's.
				if (column.kind === 'json' && row[column.name] !== null) row[column.name] = JSON.stringify(JSON.parse(String(row[column.name])));
			}
		}
		return rows;
	}

	/** REPEATABLE READ: every read of the transaction sees the snapshot taken at its first. */
	async snapshot(): Promise<void> {
		this.client = await this.db.$client.connect();
		await this.client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
	}

	async endSnapshot(): Promise<void> {
		if (!this.client) return;
		try {
			await this.client.query('COMMIT');
		} finally {
			this.release();
		}
	}

	async begin(): Promise<void> {
		this.client = await this.db.$client.connect();
		await this.client.query('BEGIN');
	}

	async insert(table: TransferTable, rows: Row[]): Promise<void> {
		if (rows.length === 0) return;
		for (const row of rows) checkDimensions(table, row);
		const values: Value[] = [];
		const tuples = rows.map((row) => `(${table.columns.map((c) => (values.push(row[c.name]), placeholder(c, values.length))).join(', ')})`);
		try {
			await this.query(`INSERT INTO ${quote(table.name)} (${table.columns.map((c) => quote(c.name)).join(', ')}) VALUES ${tuples.join(', ')}`, values);
		} catch (e) {
			throw new TransferError(`Writing ${table.name} (${rows.length} rows from ${describeKey(table, rows[0])}) into ${this.label} failed: ${(e as Error).message}`);
		}
	}

	/** Identity sequences do not move when ids are given: the next id is set past the largest copied. */
	async advanceIds(tables: TransferTable[]): Promise<void> {
		for (const table of tables) {
			if (!table.identity) continue;
			const id = quote(table.identity);
			await this.query(`SELECT setval(pg_get_serial_sequence($1, $2), COALESCE(max(${id}), 0) + 1, false) FROM ${quote(table.name)}`, [quote(table.name), table.identity]);
		}
	}

	async commit(): Promise<void> {
		await this.client!.query('COMMIT');
		this.release();
	}

	async rollback(): Promise<void> {
		if (!this.client) return;
		try {
			await this.client.query('ROLLBACK');
		} finally {
			this.release();
		}
	}

	private release(): void {
		this.client?.release();
		this.client = null;
	}

	async close(): Promise<void> {
		this.release();
		await this.db.$client.end();
	}
}

function selectColumn(column: TransferColumn): string {
	const name = quote(column.name);
	if (column.kind === 'geometry') return `ST_AsGeoJSON(${name}, ${TRANSFER_DECIMALS}) AS ${name}`;
	if (column.kind === 'json') return `${name}::text AS ${name}`;
	return name;
}

function placeholder(column: TransferColumn, n: number): string {
	if (column.kind === 'geometry') return `ST_GeomFromGeoJSON($${n}::text)`;
	if (column.kind === 'json') return `$${n}::jsonb`;
	return `$${n}`;
}


/**
 * A PostGIS geometry has one dimensionality: positions that mix two and three numbers come back
 * with elevation 0 where none was given. Such a row is refused, named, before anything is stored.
 */
function checkDimensions(table: TransferTable, row: Row): void {
	for (const column of table.columns) {
		if (column.kind !== 'geometry' || row[column.name] === null) continue;
		const sizes = new Set<number>();
		const walk = (node: unknown): void => {
			if (!Array.isArray(node)) return;
			if (typeof node[0] === 'number') sizes.add(node.length);
			else node.forEach(walk);
		};
		const geometry = JSON.parse(String(row[column.name])) as { coordinates?: unknown; geometries?: { coordinates?: unknown }[] };
		walk(geometry.coordinates);
		geometry.geometries?.forEach((g) => walk(g.coordinates));
		if (sizes.size > 1) {
			throw new TransferError(`${table.name} (${describeKey(table, row)}): ${column.name} mixes positions with and without elevation, which PostGIS cannot keep (it would add elevation 0). Give every position an elevation, or none, then move again.`);
		}
	}
}
