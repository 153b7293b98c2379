/**
 * The copy and its comparison between two SQLite files (a move from file to file), where no
 * PostgreSQL is needed: a faithful copy compares equal table by table, and one changed value in
 * one row of the target is found and named.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openConnection, openDatabase } from '../index';
import { ChangesetRepository } from '../../repositories/changesets';
import { compareTables, copyTables } from './copy';
import { SqliteTransferStore } from './sqlite-store';
import { transferTables } from './tables';
import { TransferError } from './store';

const dir = mkdtempSync(join(tmpdir(), 'sanimap-transfer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function community(file: string) {
	const db = openDatabase(file);
	const changesets = new ChangesetRepository(db, { clock: () => new Date('2026-03-01T08:00:00.000Z') });
	const input = { author: 'planner', source: 'web' as const };
	for (let i = 0; i < 25; i++) {
		const { results } = await changesets.apply(input, [{ op: 'create', kind: 'bin', geometry: { type: 'Point', coordinates: [116.3 + i / 1000, 40, i] }, properties: { name: `桶 ${i}`, n: i } }]);
		if (i % 3 === 0) await changesets.apply(input, [{ op: 'update', id: results[0].id, baseVersion: 1, properties: { status: 'damaged' } }]);
	}
	return db;
}

describe('a copy from one SQLite file to another', () => {
	const tables = transferTables();

	it('copies in batches, reports long tables, compares equal, and then finds one changed value', async () => {
		const source = new SqliteTransferStore(await community(join(dir, 'a.db')), 'a.db');
		const targetDb = openDatabase(join(dir, 'b.db'));
		const target = new SqliteTransferStore(targetDb, 'b.db');
		try {
			const lines: string[] = [];
			const { rows } = await copyTables(source, target, tables, { batch: 7, progress: (l) => lines.push(l), progressEveryMs: 0 });
			// 34 changesets (25 creates, 9 updates), 25 features, 34 versions.
			expect(rows).toBe(34 + 25 + 34);
			expect(lines).toContain('feature_versions: 34 of 34 rows copied');
			const compared = await compareTables(source, target, tables, { batch: 7, progress: (l) => lines.push(l), progressEveryMs: 0 });
			expect(lines).toContain('feature_versions: 34 rows read back on the source');
			expect(lines).toContain('feature_versions: 34 rows read back on the target');
			expect(compared.every((t) => t.same)).toBe(true);
			expect(compared.find((t) => t.table === 'features')!.source.rows).toBe(25);

			targetDb.$client.prepare(`UPDATE feature_versions SET properties = '{"name":"桶 3","n":4}' WHERE id = 5`).run();
			const after = await compareTables(source, target, tables);
			expect(after.filter((t) => !t.same).map((t) => t.table)).toEqual(['feature_versions']);

			await expect(copyTables(source, target, tables)).rejects.toThrow(TransferError);
			await expect(copyTables(source, target, tables)).rejects.toThrow(/b\.db is not empty: table changesets has 34 rows/);
		} finally {
			await source.close();
			await target.close();
		}
	});

	it('copies and compares one moment of the source while another connection goes on writing to it', async () => {
		const file = join(dir, 'busy.db');
		(await community(file)).$client.close();
		const source = new SqliteTransferStore(openDatabase(file), 'busy.db');
		const target = new SqliteTransferStore(openDatabase(join(dir, 'busy-copy.db')), 'busy-copy.db');
		const server = openConnection(file);
		try {
			await source.snapshot();
			await new ChangesetRepository(server).apply({ author: 'field', source: 'field' }, [{ op: 'create', kind: 'bin', geometry: { type: 'Point', coordinates: [116.5, 40] }, properties: {} }]);
			await copyTables(source, target, tables, { batch: 5 });
			const compared = await compareTables(source, target, tables, { batch: 5 });
			await source.endSnapshot();
			expect(compared.filter((t) => !t.same)).toEqual([]);
			expect(compared.find((t) => t.table === 'changesets')!.target.rows).toBe(34);
			expect(server.$client.prepare('SELECT count(*) FROM changesets').pluck().get()).toBe(35);
		} finally {
			server.$client.close();
			await source.close();
			await target.close();
		}
	});
});
