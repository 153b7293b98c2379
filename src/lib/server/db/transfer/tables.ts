/**
 * The tables a move between the stores copies, read from the two drizzle schemas rather than
 * listed by hand: a table added to the SQLite schema later is copied too, or, without its
 * PostgreSQL twin, stops the move before anything is written.
 */
import { is } from 'drizzle-orm';
import { getTableConfig as sqliteTableConfig, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { getTableConfig as pgTableConfig, PgTable } from 'drizzle-orm/pg-core';
import * as sqliteSchema from '../schema';
import * as pgSchema from '../postgres/schema';

/**
 * How a value travels. Both stores hold it as text on the way (GeoJSON for geometry, JSON for
 * json), so nothing is reparsed into JavaScript numbers and back more than the stores do.
 */
export type ColumnKind = 'geometry' | 'json' | 'plain';

export interface TransferColumn {
	name: string;
	kind: ColumnKind;
	/** A text column: ordered by a collation on PostgreSQL, by bytes on SQLite. */
	text: boolean;
}

export interface TransferTable {
	name: string;
	columns: TransferColumn[];
	/** Columns of the primary key, in key order: rows are read, and checksummed, in this order. */
	primaryKey: string[];
	/** The PostgreSQL identity column whose sequence must be moved past the copied ids. */
	identity: string | null;
	/** Tables this one's foreign keys point at. */
	references: string[];
}

/**
 * SQLite tables that are not data: the R*Tree over live features and the kind codes it indexes by,
 * made by custom migrations and kept by triggers from `features`, so they fill themselves as
 * features are copied in (PostgreSQL has its GiST index instead).
 */
export const SQLITE_INDEX_TABLES = /^(features_rtree(_\w+)?|feature_kinds)$/;

export class SchemaMismatchError extends Error {}

function tablesOf<T>(schema: Record<string, unknown>, isTable: (v: unknown) => v is T): T[] {
	return Object.values(schema).filter(isTable);
}

/** Every table of the schema, each after the tables it refers to. */
export function transferTables(): TransferTable[] {
	const sqliteTables = tablesOf(sqliteSchema, (v): v is SQLiteTable => is(v, SQLiteTable)).map(sqliteTableConfig);
	const pgTables = new Map(tablesOf(pgSchema, (v): v is PgTable => is(v, PgTable)).map((t) => [pgTableConfig(t).name, pgTableConfig(t)]));
	const tables: TransferTable[] = [];
	for (const lite of sqliteTables) {
		const twin = pgTables.get(lite.name);
		if (!twin) throw new SchemaMismatchError(`The SQLite table ${lite.name} has no PostgreSQL twin in db/postgres/schema.ts: add it there (and its migration) before moving a community.`);
		const liteNames = lite.columns.map((c) => c.name).sort();
		const pgNames = twin.columns.map((c) => c.name).sort();
		if (liteNames.join() !== pgNames.join()) {
			throw new SchemaMismatchError(`The table ${lite.name} has columns ${liteNames.join(', ')} on SQLite but ${pgNames.join(', ')} on PostgreSQL.`);
		}
		const primaryKey = lite.primaryKeys.length > 0 ? lite.primaryKeys[0].columns.map((c) => c.name) : lite.columns.filter((c) => c.primary).map((c) => c.name);
		if (primaryKey.length === 0) throw new SchemaMismatchError(`The table ${lite.name} has no primary key: its rows have no order to be compared in.`);
		const columns = twin.columns.map((c): TransferColumn => {
			const type = c.getSQLType();
			return { name: c.name, kind: type === 'geometry' ? 'geometry' : type === 'jsonb' || type === 'json' ? 'json' : 'plain', text: type === 'text' };
		});
		const identity = twin.columns.find((c) => (c as { generatedIdentity?: unknown }).generatedIdentity !== undefined)?.name ?? null;
		const references = [...new Set(lite.foreignKeys.map((fk) => sqliteTableConfig(fk.reference().foreignTable as SQLiteTable).name))].filter((n) => n !== lite.name);
		tables.push({ name: lite.name, columns, primaryKey, identity, references });
	}
	for (const name of pgTables.keys()) {
		if (!tables.some((t) => t.name === name)) throw new SchemaMismatchError(`The PostgreSQL table ${name} has no SQLite twin in db/schema.ts.`);
	}
	return inReferenceOrder(tables);
}

/** A topological order, the schema's own order among tables that do not depend on each other. */
function inReferenceOrder(tables: TransferTable[]): TransferTable[] {
	const byName = new Map(tables.map((t) => [t.name, t]));
	const ordered: TransferTable[] = [];
	const state = new Map<string, 'visiting' | 'done'>();
	const visit = (table: TransferTable) => {
		if (state.get(table.name) === 'done') return;
		if (state.get(table.name) === 'visiting') throw new SchemaMismatchError(`The foreign keys of ${table.name} form a cycle: no order copies them.`);
		state.set(table.name, 'visiting');
		for (const ref of table.references) {
			const target = byName.get(ref);
			if (target) visit(target);
		}
		state.set(table.name, 'done');
		ordered.push(table);
	};
	tables.forEach(visit);
	return ordered;
}
