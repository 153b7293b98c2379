/**
 * A move copies every table the app stores data in: the list is the drizzle schemas', checked here
 * against the tables a migrated SQLite file really has, so a table made by a migration but left
 * out of the schema (or of the PostgreSQL schema) fails here rather than being left behind.
 */
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../index';
import { SQLITE_INDEX_TABLES, transferTables } from './tables';

describe('the tables a move copies', () => {
	const tables = transferTables();

	it('are every data table of a migrated SQLite database, each with its PostgreSQL twin', () => {
		const db = openDatabase(':memory:');
		try {
			const stored = (db.$client.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[])
				// SQLite's own, drizzle's record of migrations, and the R*Tree index with its kind codes.
				.filter((name) => !name.startsWith('sqlite_') && name !== '__drizzle_migrations' && !SQLITE_INDEX_TABLES.test(name));
			expect(tables.map((t) => t.name).sort()).toEqual(stored);
			for (const table of tables) {
				const columns = (db.$client.prepare(`SELECT name FROM pragma_table_info(?) ORDER BY name`).pluck().all(table.name) as string[]);
				expect(table.columns.map((c) => c.name).sort(), table.name).toEqual(columns);
			}
		} finally {
			db.$client.close();
		}
	});

	it('come after the tables their foreign keys point at', () => {
		const seen = new Set<string>();
		for (const table of tables) {
			for (const ref of table.references) expect(seen.has(ref), `${table.name} → ${ref}`).toBe(true);
			seen.add(table.name);
		}
		expect(tables.find((t) => t.name === 'feature_versions')!.references.sort()).toEqual(['changesets', 'features']);
	});

	it('know which columns are geometries, JSON, keys and identities', () => {
		const byName = new Map(tables.map((t) => [t.name, t]));
		const kinds = (name: string) => Object.fromEntries(byName.get(name)!.columns.filter((c) => c.kind !== 'plain').map((c) => [c.name, c.kind]));
		expect(kinds('features')).toEqual({ geometry: 'geometry', properties: 'json' });
		expect(kinds('feature_versions')).toEqual({ geometry: 'geometry', properties: 'json' });
		expect(kinds('settings')).toEqual({ value: 'json' });
		expect(byName.get('user_zones')).toMatchObject({ primaryKey: ['user_id', 'zone_id'], identity: null });
		expect(byName.get('changesets')).toMatchObject({ primaryKey: ['id'], identity: 'id' });
		expect(byName.get('sessions')).toMatchObject({ primaryKey: ['id'], identity: null });
	});
});
