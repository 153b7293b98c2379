/**
 * Moves a community from one store to another: every table into an empty target in one
 * transaction (a failure leaves it empty), then both sides read back and compared table by table.
 */
import { BATCH_ROWS, tableChecksum, type TableSum } from './checksum';
import { keyOf, TransferError, type TransferStore, type Value } from './store';
import type { TransferTable } from './tables';

export interface CopyOptions {
	batch?: number;
	/** A line for a person watching a long table go by. */
	progress?: (line: string) => void;
	/** How often a long table reports, ms. */
	progressEveryMs?: number;
}

export interface TableComparison {
	table: string;
	source: TableSum;
	target: TableSum;
	same: boolean;
}

/** The first table with rows, so a refusal names what is there. */
export async function firstNonEmptyTable(store: TransferStore, tables: TransferTable[]): Promise<{ table: string; rows: number } | null> {
	for (const table of tables) {
		const rows = await store.count(table);
		if (rows > 0) return { table: table.name, rows };
	}
	return null;
}

export async function copyTables(source: TransferStore, target: TransferStore, tables: TransferTable[], options: CopyOptions = {}): Promise<{ rows: number }> {
	const batch = options.batch ?? BATCH_ROWS;
	const progress = options.progress ?? (() => {});
	const every = options.progressEveryMs ?? 1000;
	const occupied = await firstNonEmptyTable(target, tables);
	if (occupied) {
		throw new TransferError(
			`The target ${target.label} is not empty: table ${occupied.table} has ${occupied.rows} rows. A community is moved only into a new, empty database; nothing was written.`
		);
	}
	let copied = 0;
	await target.begin();
	try {
		for (const table of tables) {
			const total = await source.count(table);
			let done = 0;
			let after: Value[] | null = null;
			let reported = Date.now();
			for (;;) {
				const rows = await source.readBatch(table, after, batch);
				await target.insert(table, rows);
				done += rows.length;
				if (total > batch && (Date.now() - reported >= every || rows.length < batch)) {
					progress(`${table.name}: ${done.toLocaleString('en')} of ${total.toLocaleString('en')} rows copied`);
					reported = Date.now();
				}
				if (rows.length < batch) break;
				after = keyOf(table, rows[rows.length - 1]);
			}
			copied += done;
		}
		await target.advanceIds(tables);
		await target.commit();
	} catch (e) {
		await target.rollback();
		throw e;
	}
	return { rows: copied };
}

/** Both sides read back: each table's rows and checksum on each. */
export async function compareTables(source: TransferStore, target: TransferStore, tables: TransferTable[], options: CopyOptions = {}): Promise<TableComparison[]> {
	const batch = options.batch ?? BATCH_ROWS;
	const progress = options.progress ?? (() => {});
	const every = options.progressEveryMs ?? 1000;
	const out: TableComparison[] = [];
	for (const table of tables) {
		const sums: TableSum[] = [];
		for (const [side, store] of [['source', source], ['target', target]] as const) {
			let reported = Date.now();
			sums.push(
				await tableChecksum(store, table, batch, (rows, last) => {
					if ((rows > batch || (last && rows === batch)) && (Date.now() - reported >= every || last)) {
						progress(`${table.name}: ${rows.toLocaleString('en')} rows read back on the ${side}`);
						reported = Date.now();
					}
				})
			);
		}
		const [from, to] = sums;
		out.push({ table: table.name, source: from, target: to, same: from.rows === to.rows && from.checksum === to.checksum });
	}
	return out;
}
