/**
 * The Open311 store contract (open311.ts), the same cases against each store: the SQLite file of
 * the embedded default and PostgreSQL. Each store gets one database for the file; each case uses
 * hashes and cases of its own, so the cases need no order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Geometry } from 'geojson';
import { openDatabase } from '../db';
import { openPostgres } from '../db/postgres';
import { ChangesetRepository } from '../repositories/changesets';
import { SqliteOpen311Store } from '../repositories/open311';
import { createTestDatabase } from '../../../../tests/helpers/postgres';
import { PgChangesetRepository } from './postgres/changesets';
import { PgOpen311Store } from './postgres/open311';
import { DuplicateHashError, UnknownCaseError, type Open311Store } from './open311';
import type { ChangesetStore } from './types';

interface Store {
	open311: Open311Store;
	/** To make and delete the cases the reporters belong to. */
	changesets: ChangesetStore;
	close(): Promise<void>;
}

const clock = () => new Date('2026-12-01T02:00:00.000Z');

const STORES: { name: string; open: () => Promise<Store> }[] = [
	{
		name: 'SQLite',
		open: async () => {
			const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'sanimap-open311-')), 'test.db'));
			return { open311: new SqliteOpen311Store(db), changesets: new ChangesetRepository(db, { clock }), close: async () => void db.$client.close() };
		}
	},
	{
		name: 'PostgreSQL',
		open: async () => {
			const db = await openPostgres(await createTestDatabase(), { max: 4 });
			return { open311: new PgOpen311Store(db), changesets: new PgChangesetRepository(db, { clock }), close: () => db.$client.end() };
		}
	}
];

const point = (lon: number, lat: number): Geometry => ({ type: 'Point', coordinates: [lon, lat] });
const input = { author: 'tester', source: 'web' as const };
let hashes = 0;
/** A 64-hex-digit hash no other case uses. */
const freshHash = () => (hashes += 1).toString(16).padStart(64, '0');

const failure = (promise: Promise<unknown>) =>
	promise.then(
		() => undefined,
		(e: unknown) => e
	);

describe.each(STORES)('the $name Open311 store', ({ open }) => {
	let store: Store;
	let open311: Open311Store;
	beforeAll(async () => {
		store = await open();
		({ open311 } = store);
	});
	afterAll(() => store.close());

	const createCase = async (properties: Record<string, unknown>, kind = 'hotspot') =>
		(await store.changesets.apply(input, [{ op: 'create', kind, geometry: point(121.47, 31.23), properties }])).results[0].id;
	const deleteCase = (id: number) => store.changesets.apply(input, [{ op: 'delete', id, baseVersion: 1 }]);
	const key = (name: string) => ({ name, keyHash: freshHash(), ratePerHour: 60, createdAt: '2026-12-01T02:00:00.000Z', createdBy: 'admin' });

	it('stores a key live and answers it with its id, found by its hash only', async () => {
		const k = key('12345 热线');
		const row = await open311.insertKey(k);
		expect(row).toEqual({ id: expect.any(Number), name: '12345 热线', ratePerHour: 60, createdAt: k.createdAt, createdBy: 'admin', revokedAt: null });
		expect(await open311.keyByHash(k.keyHash)).toEqual(row);
		expect(await open311.keyByHash(freshHash())).toBeUndefined();
	});

	it('lists every key, newest first, revoked ones too, never with its hash', async () => {
		const first = await open311.insertKey(key('first'));
		const second = await open311.insertKey(key('second'));
		await open311.revokeKey(first.id, '2026-12-01T03:00:00.000Z');
		const list = await open311.listKeys();
		expect(list.slice(0, 2)).toEqual([second, { ...first, revokedAt: '2026-12-01T03:00:00.000Z' }]);
		expect(list.map((k) => k.id)).toEqual([...list.map((k) => k.id)].sort((a, b) => b - a));
		expect(Object.keys(list[0]).sort()).toEqual(['createdAt', 'createdBy', 'id', 'name', 'ratePerHour', 'revokedAt']);
	});

	it('refuses a key hash stored already, and stores nothing of it', async () => {
		const k = key('once');
		const row = await open311.insertKey(k);
		const before = await open311.listKeys();
		const error = await failure(open311.insertKey({ ...k, name: 'twice' }));
		expect(error).toBeInstanceOf(DuplicateHashError);
		expect((error as DuplicateHashError).table).toBe('open311_keys');
		expect(await open311.listKeys()).toEqual(before);
		expect(await open311.keyByHash(k.keyHash)).toEqual(row);
	});

	it('revokes a key once: a second revocation keeps the first time, and an unknown key answers undefined', async () => {
		const k = key('revoked');
		const { id } = await open311.insertKey(k);
		expect(await open311.revokeKey(id, '2026-12-01T04:00:00.000Z')).toMatchObject({ id, name: 'revoked', revokedAt: '2026-12-01T04:00:00.000Z' });
		expect(await open311.revokeKey(id, '2026-12-01T05:00:00.000Z')).toMatchObject({ id, revokedAt: '2026-12-01T04:00:00.000Z' });
		expect(await open311.keyByHash(k.keyHash)).toMatchObject({ id, revokedAt: '2026-12-01T04:00:00.000Z' });
		expect(await open311.revokeKey(id + 1_000_000, '2026-12-01T05:00:00.000Z')).toBeUndefined();
	});

	it('records the reporters of a case in the order they came, and finds the case by a token hash', async () => {
		const caseId = await createCase({ category: 'garbage', reportSource: 'public' });
		const { id: keyId } = await open311.insertKey(key('client'));
		const first = freshHash();
		const second = freshHash();
		await open311.insertReporter({ caseId, tokenHash: first, role: 'open311', contact: '李 · 138', keyId, createdAt: '2026-12-01T02:00:00.000Z' });
		await open311.insertReporter({ caseId, tokenHash: second, role: 'join', contact: null, keyId: null, createdAt: '2026-12-01T02:05:00.000Z' });
		expect(await open311.reportersOf(caseId)).toEqual([
			{ role: 'open311', contact: '李 · 138', createdAt: '2026-12-01T02:00:00.000Z', keyId },
			{ role: 'join', contact: null, createdAt: '2026-12-01T02:05:00.000Z', keyId: null }
		]);
		expect(await open311.caseOfTokenHash(first)).toBe(caseId);
		expect(await open311.caseOfTokenHash(second)).toBe(caseId);
		expect(await open311.caseOfTokenHash(freshHash())).toBeUndefined();
		expect(await open311.reportersOf(caseId + 1_000_000)).toEqual([]);
	});

	it('still finds the case of a token once the case is deleted', async () => {
		const caseId = await createCase({ category: 'garbage', reportSource: 'public' });
		const token = freshHash();
		await open311.insertReporter({ caseId, tokenHash: token, role: 'report', contact: null, keyId: null, createdAt: '2026-12-01T02:00:00.000Z' });
		await deleteCase(caseId);
		expect(await open311.caseOfTokenHash(token)).toBe(caseId);
	});

	it('refuses a token hash stored already and a case that was never stored, and stores nothing of either', async () => {
		const caseId = await createCase({ category: 'garbage', reportSource: 'public' });
		const token = freshHash();
		await open311.insertReporter({ caseId, tokenHash: token, role: 'report', contact: 'first', keyId: null, createdAt: '2026-12-01T02:00:00.000Z' });
		const other = await createCase({ category: 'garbage', reportSource: 'public' });
		const duplicate = await failure(open311.insertReporter({ caseId: other, tokenHash: token, role: 'join', contact: 'second', keyId: null, createdAt: '2026-12-01T02:01:00.000Z' }));
		expect(duplicate).toBeInstanceOf(DuplicateHashError);
		expect((duplicate as DuplicateHashError).table).toBe('public_reporters');
		expect(await open311.caseOfTokenHash(token)).toBe(caseId);
		expect(await open311.reportersOf(other)).toEqual([]);

		const missing = other + 1_000_000;
		const unknownToken = freshHash();
		const unknown = await failure(open311.insertReporter({ caseId: missing, tokenHash: unknownToken, role: 'report', contact: null, keyId: null, createdAt: '2026-12-01T02:02:00.000Z' }));
		expect(unknown).toBeInstanceOf(UnknownCaseError);
		expect((unknown as UnknownCaseError).caseId).toBe(missing);
		expect(await open311.caseOfTokenHash(unknownToken)).toBeUndefined();
		expect(await open311.reportersOf(missing)).toEqual([]);
	});

	it('knows the public reports marked as spam: deleted hotspot cases from residents or Open311 only, and their photos', async () => {
		const photo = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
		const publicSpam = await createCase({ category: 'garbage', reportSource: 'public', photos: [photo(1), photo(2)] });
		const open311Spam = await createCase({ category: 'garbage', reportSource: 'open311', photos: [photo(3)] });
		const livePublic = await createCase({ category: 'garbage', reportSource: 'public', photos: [photo(4)] });
		const deletedStaff = await createCase({ category: 'garbage', photos: [photo(5)] });
		const deletedOtherSource = await createCase({ category: 'garbage', reportSource: 'staff', photos: [photo(6)] });
		const deletedOtherKind = await createCase({ reportSource: 'public', photos: [photo(7)] }, 'bin');
		for (const id of [publicSpam, open311Spam, deletedStaff, deletedOtherSource, deletedOtherKind]) await deleteCase(id);

		const spam = await open311.spamMarkedCaseIds();
		expect(spam).toBeInstanceOf(Set);
		expect([...spam].filter((id) => [publicSpam, open311Spam, livePublic, deletedStaff, deletedOtherSource, deletedOtherKind].includes(id)).sort((a, b) => a - b)).toEqual([publicSpam, open311Spam]);

		expect(await open311.isSpamMarkedCase(publicSpam)).toBe(true);
		expect(await open311.isSpamMarkedCase(open311Spam)).toBe(true);
		for (const id of [livePublic, deletedStaff, deletedOtherSource, deletedOtherKind, publicSpam + 1_000_000]) expect(await open311.isSpamMarkedCase(id)).toBe(false);

		for (const n of [1, 2, 3]) expect(await open311.isSpamMarkedPhoto(photo(n))).toBe(true);
		for (const n of [4, 5, 6, 7, 8]) expect(await open311.isSpamMarkedPhoto(photo(n))).toBe(false);
	});
});
