/**
 * The stored data as it stood at a past instant, on PostgreSQL: the functions of
 * ../../repositories/history-at.ts (read there what "as of" and the periods mean), with the same
 * queries, asynchronous.
 */
import type { HistoryReads } from '../types';
import type { PgDb } from '../../db/postgres';
import { groupByFeature, historyQueries, instantText, toFeatureAt, type FeatureAt, type VersionRow } from '../../repositories/history-at';
import { geoJson } from './rows';

const queries = historyQueries((n) => `$${n}`, geoJson);
/** The driver parses json and jsonb already. */
const parsed = (json: unknown): unknown => json;

export async function featuresAsOf(db: PgDb, kind: string, at: number): Promise<FeatureAt[]> {
	const { rows } = await db.$client.query<VersionRow<unknown>>({ name: 'history.featuresAsOf', text: queries.featuresAsOf, values: [kind, instantText(at)] });
	return rows.map((r) => toFeatureAt(r, parsed));
}

export async function bulkLoadedIn(db: PgDb, kind: string, from: number, to: number): Promise<Map<number, FeatureAt>> {
	const { rows } = await db.$client.query<VersionRow<unknown>>({ name: 'history.bulkLoadedIn', text: queries.bulkLoadedIn, values: [kind, instantText(from), instantText(to)] });
	return new Map(rows.map((r) => [r.id, toFeatureAt(r, parsed)]));
}

export async function changesetsInPeriod(db: PgDb, kind: string, from: number, to: number): Promise<Map<number, number[]>> {
	const { rows } = await db.$client.query<{ featureId: number; changesetId: number }>({
		name: 'history.changesetsInPeriod',
		text: queries.changesetsInPeriod,
		values: [kind, instantText(from), instantText(to)]
	});
	return groupByFeature(rows);
}

export async function historyStartsAt(db: PgDb): Promise<string | null> {
	return (await db.$client.query<{ t: string | null }>({ name: 'history.startsAt', text: queries.historyStartsAt })).rows[0].t;
}

export async function latestChangesetId(db: PgDb): Promise<number> {
	return (await db.$client.query<{ id: number }>({ name: 'history.latestChangesetId', text: queries.latestChangesetId })).rows[0].id;
}

/** The reads of the past over one PostgreSQL database (the contract HistoryReads, ../types.ts). */
export class PgHistoryReads implements HistoryReads {
	constructor(private readonly db: PgDb) {}
	featuresAsOf(kind: string, at: number) {
		return featuresAsOf(this.db, kind, at);
	}
	bulkLoadedIn(kind: string, from: number, to: number) {
		return bulkLoadedIn(this.db, kind, from, to);
	}
	changesetsInPeriod(kind: string, from: number, to: number) {
		return changesetsInPeriod(this.db, kind, from, to);
	}
	historyStartsAt() {
		return historyStartsAt(this.db);
	}
}
