/**
 * The store contract (types.ts), the same cases against each store: the SQLite file of the
 * embedded default and PostgreSQL + PostGIS. Each store gets one database for the file; each
 * case works in a layer (kind) and under an author of its own, so the cases need no order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Geometry } from 'geojson';
import { openDatabase } from '../db';
import { openPostgres } from '../db/postgres';
import { ChangesetRepository } from '../repositories/changesets';
import { FeatureRepository } from '../repositories/features';
import { EditRefusedError, FeatureNotFoundError, RequestKeyTakenError, RevertConflictError, VersionConflictError } from '../repositories/errors';
import { actionPatchFeature } from '../../domain/edits/actions/patch-feature';
import type { EditAction } from '../../domain/edits/action';
import { actionApplyChanges } from '../../domain/edits/actions/apply-changes';
import type { Change } from '../../domain/edits/change';
import { refuse } from '../../domain/edits/refusal';
import { createTestDatabase } from '../../../../tests/helpers/postgres';
import { PgChangesetRepository } from './postgres/changesets';
import { PgFeatureRepository } from './postgres/features';
import { PgHistoryReads } from './postgres/history-at';
import { SqliteHistoryReads } from '../repositories/history-at';
import type { ChangesetStore, FeatureReads, HistoryReads } from './types';

interface Store {
	features: FeatureReads;
	changesets: ChangesetStore;
	/** The reads of the past (history-at.ts). */
	history: HistoryReads;
	close(): Promise<void>;
}

/** A clock that moves one second per reading, from a pinned instant. */
function steppingClock(): () => Date {
	let t = Date.parse('2026-03-02T01:00:00.000Z');
	return () => new Date((t += 1000));
}

const STORES: { name: string; open: (clock: () => Date) => Promise<Store> }[] = [
	{
		name: 'SQLite',
		open: async (clock) => {
			const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'sanimap-store-')), 'test.db'));
			return {
				features: new FeatureRepository(db),
				changesets: new ChangesetRepository(db, { clock }),
				history: new SqliteHistoryReads(db),
				close: async () => void db.$client.close()
			};
		}
	},
	{
		name: 'PostgreSQL',
		open: async (clock) => {
			const db = await openPostgres(await createTestDatabase(), { max: 12 });
			return {
				features: new PgFeatureRepository(db),
				changesets: new PgChangesetRepository(db, { clock }),
				history: new PgHistoryReads(db),
				close: () => db.$client.end()
			};
		}
	}
];

const point = (lon: number, lat: number): Geometry => ({ type: 'Point', coordinates: [lon, lat] });
let cases = 0;

describe.each(STORES)('the $name store', ({ open }) => {
	let store: Store;
	let features: FeatureReads;
	let changesets: ChangesetStore;
	let history: Store['history'];
	beforeAll(async () => {
		store = await open(steppingClock());
		({ features, changesets, history } = store);
	});
	afterAll(() => store.close());

	/** A layer and an author no other case uses. */
	const fresh = () => {
		cases += 1;
		return { kind: `layer${cases}`, input: { author: `editor${cases}`, source: 'web' as const } };
	};
	const create = async (input: { author: string; source: 'web' }, kind: string, properties: Record<string, unknown> = {}, geometry = point(116.35, 40)) =>
		(await changesets.apply(input, [{ op: 'create', kind, geometry, properties }])).results[0];
	const failure = (promise: Promise<unknown>) => promise.then(
		() => undefined,
		(e: unknown) => e
	);

	it('creates a feature at version 1 and records it in its changeset', async () => {
		const { kind, input } = fresh();
		const { changeset, results } = await changesets.apply(input, [{ op: 'create', kind, geometry: point(116.35, 40), properties: { status: 'installed' } }]);
		expect(results[0]).toMatchObject({ kind, version: 1, properties: { status: 'installed' }, createdBy: input.author, updatedBy: input.author });
		expect(changeset).toMatchObject({ author: input.author, source: 'web', comment: '', revertOf: null, revertedBy: null, meta: null });
		expect(changeset.features).toEqual([{ featureId: results[0].id, kind, version: 1, action: 'create' }]);
		expect(await changesets.get(changeset.id)).toEqual(changeset);
		expect(await features.get(kind, results[0].id)).toEqual(results[0]);
		expect(await features.getById(results[0].id)).toEqual(results[0]);
		expect(await features.get('another-layer', results[0].id)).toBeUndefined();
	});

	it('keeps lines, polygons and elevations as they were given', async () => {
		const { kind, input } = fresh();
		const shapes: Geometry[] = [
			{ type: 'LineString', coordinates: [[116.3, 40], [116.30123456789, 40.00987654321]] },
			{ type: 'Polygon', coordinates: [[[116.3, 40], [116.31, 40], [116.31, 40.01], [116.3, 40]]] },
			{ type: 'Point', coordinates: [116.39126, 39.90723, 44.5] }
		];
		for (const geometry of shapes) {
			const created = await create(input, kind, { name: '公厕' }, geometry);
			expect((await features.get(kind, created.id))?.geometry).toEqual(geometry);
		}
	});

	it('patches properties through the patch action: a value sets a field, null removes it, every version is kept', async () => {
		const { kind, input } = fresh();
		const bin = await create(input, kind, { status: 'installed', note: 'by the gate' });
		const patched = await changesets.perform(input, [actionPatchFeature({ kind, id: bin.id, version: 1 }, { properties: { status: 'damaged', note: null } })]);
		expect(patched.results[0]).toMatchObject({ version: 2, properties: { status: 'damaged' } });
		expect((await features.get(kind, bin.id))?.properties).toEqual({ status: 'damaged' });
		expect((await changesets.history(bin.id)).map((h) => [h.version, h.action, h.properties])).toEqual([
			[1, 'create', { status: 'installed', note: 'by the gate' }],
			[2, 'update', { status: 'damaged' }]
		]);
	});

	it('moves a feature: the properties stay, and the bbox query finds it at its new place only', async () => {
		const { kind, input } = fresh();
		const bin = await create(input, kind, { status: 'installed' }, point(116.35, 40));
		await changesets.perform(input, [actionPatchFeature({ kind, id: bin.id, version: 1 }, { geometry: point(116.45, 40.1) })]);
		const moved = await features.get(kind, bin.id);
		expect(moved).toMatchObject({ version: 2, geometry: point(116.45, 40.1), properties: { status: 'installed' } });
		expect((await features.query(kind, { bbox: [116.34, 39.99, 116.36, 40.01], limit: 10 })).features).toEqual([]);
		expect((await features.query(kind, { bbox: [116.44, 40.09, 116.46, 40.11], limit: 10 })).features.map((f) => f.id)).toEqual([bin.id]);
	});

	it('deletes a feature: it is gone from reads, known as deleted, and a later edit of it is refused', async () => {
		const { kind, input } = fresh();
		const bin = await create(input, kind);
		const del = await changesets.apply(input, [{ op: 'delete', id: bin.id, baseVersion: 1 }]);
		expect(del.results[0]).toMatchObject({ id: bin.id, version: 2, deleted: true });
		expect(del.changeset.features).toEqual([{ featureId: bin.id, kind, version: 2, action: 'delete' }]);
		expect(await features.get(kind, bin.id)).toBeUndefined();
		expect(await features.getById(bin.id)).toBeUndefined();
		expect(await features.wasDeleted(kind, bin.id)).toBe(true);
		expect(await features.wasDeleted(kind, bin.id + 1_000_000)).toBe(false);
		const error = await failure(changesets.apply(input, [{ op: 'update', id: bin.id, baseVersion: 2, properties: { status: 'x' } }]));
		expect(error).toBeInstanceOf(VersionConflictError);
		expect((error as VersionConflictError).current).toBeNull();
		expect(await failure(changesets.apply(input, [{ op: 'update', id: bin.id + 1_000_000, baseVersion: 1, properties: {} }]))).toBeInstanceOf(FeatureNotFoundError);
	});

	it('stores a change based on a stale version when it touches other fields, keeping both', async () => {
		const { kind, input } = fresh();
		const bin = await create(input, kind, { status: 'installed', note: '' });
		await changesets.apply(input, [{ op: 'update', id: bin.id, baseVersion: 1, properties: { status: 'damaged' } }]);
		const { results } = await changesets.apply(input, [{ op: 'update', id: bin.id, baseVersion: 1, properties: { note: 'lid missing' } }]);
		expect(results[0]).toMatchObject({ version: 3, merged: ['status'], properties: { status: 'damaged', note: 'lid missing' } });
		expect((await features.get(kind, bin.id))?.properties).toEqual({ status: 'damaged', note: 'lid missing' });
	});

	it('refuses a stale change to a field someone else changed, and stores nothing of it', async () => {
		const { kind, input } = fresh();
		const bin = await create(input, kind, { status: 'installed' });
		await changesets.apply(input, [{ op: 'update', id: bin.id, baseVersion: 1, properties: { status: 'damaged' } }]);
		const latest = await changesets.latestId();
		const error = await failure(changesets.apply(input, [{ op: 'update', id: bin.id, baseVersion: 1, properties: { status: 'removed' } }]));
		expect(error).toBeInstanceOf(VersionConflictError);
		expect((error as VersionConflictError).current).toMatchObject({ id: bin.id, version: 2, properties: { status: 'damaged' } });
		expect((error as VersionConflictError).conflicts).toEqual([{ field: 'status', read: 'installed', sent: 'removed', current: 'damaged' }]);
		expect(await changesets.latestId()).toBe(latest);
		expect(await changesets.list({ limit: 100, author: input.author })).toHaveLength(2);
		expect(await changesets.history(bin.id)).toHaveLength(2);
		expect((await features.get(kind, bin.id))?.version).toBe(2);
	});

	it('stores a changeset whole or not at all', async () => {
		const { kind, input } = fresh();
		const bin = await create(input, kind, { status: 'installed' });
		const latest = await changesets.latestId();
		// A create, an update, then a stale strict change: nothing of the three is stored.
		const stale = failure(
			changesets.apply(input, [
				{ op: 'create', kind, geometry: point(116.351, 40), properties: {} },
				{ op: 'update', id: bin.id, baseVersion: 1, properties: { status: 'damaged' } },
				{ op: 'update', id: bin.id, baseVersion: 1, properties: { status: 'removed' }, merge: 'strict' }
			])
		);
		expect(await stale).toBeInstanceOf(VersionConflictError);
		// A refusal of the caller's guard after a create: nothing stored either.
		const guarded = failure(
			changesets.apply({ ...input, guard: (_before, after) => (after?.properties.forbidden ? refuse('forbidden', 'zone.outside', 'Outside your zones.') : null) }, [
				{ op: 'create', kind, geometry: point(116.352, 40), properties: {} },
				{ op: 'create', kind, geometry: point(116.353, 40), properties: { forbidden: true } }
			])
		);
		expect(await guarded).toBeInstanceOf(EditRefusedError);
		expect(await changesets.latestId()).toBe(latest);
		expect((await features.all(kind)).map((f) => [f.id, f.version, f.properties])).toEqual([[bin.id, 1, { status: 'installed' }]]);
		expect(await changesets.history(bin.id)).toHaveLength(1);
	});

	it("keeps a changeset's request key per user: the same key again is refused, storing nothing, and finds the first", async () => {
		const { kind, input } = fresh();
		const userId = 1000 + cases;
		const request = { key: `phone-${cases}`, digest: 'digest-1' };
		expect(await changesets.byRequest(userId, request.key)).toBeUndefined();
		const first = await changesets.apply({ ...input, userId, request }, [{ op: 'create', kind, geometry: point(116.35, 40), properties: {} }]);
		const latest = await changesets.latestId();
		const again = await failure(changesets.apply({ ...input, userId, request }, [{ op: 'create', kind, geometry: point(116.36, 40), properties: {} }]));
		expect(again).toBeInstanceOf(RequestKeyTakenError);
		expect(await changesets.latestId()).toBe(latest);
		expect(await features.all(kind)).toHaveLength(1);
		expect(await changesets.byRequest(userId, request.key)).toEqual({ changeset: first.changeset, digest: 'digest-1' });
		// Another user's key of the same name, and changesets without a key, are apart.
		await changesets.apply({ ...input, userId: userId + 1, request }, [{ op: 'create', kind, geometry: point(116.37, 40), properties: {} }]);
		await changesets.apply({ ...input, userId }, [{ op: 'create', kind, geometry: point(116.38, 40), properties: {} }]);
		await changesets.apply({ ...input, userId }, [{ op: 'create', kind, geometry: point(116.39, 40), properties: {} }]);
		expect(await features.all(kind)).toHaveLength(4);
		expect((await changesets.byRequest(userId, request.key))?.changeset.id).toBe(first.changeset.id);
	});

	it("records what an action says about itself, and refuses what its disabled() refuses", async () => {
		const { kind, input } = fresh();
		const bin = await create(input, kind, { status: 'installed' });
		const inspect: EditAction = {
			type: 'test.inspect',
			reads: [{ id: bin.id, kind, currentVersion: 1 }],
			disabled: (current) => (current.get(bin.id)?.properties.status === 'removed' ? refuse('conflict', 'gone', 'It was removed.') : null),
			apply: (current) => [{ op: 'update', id: bin.id, baseVersion: current.get(bin.id)!.version, properties: { inspected: true } }],
			describe: (current) => ({ comment: `inspected ${current.get(bin.id)!.properties.status}`, meta: { from: 'installed' } })
		};
		const done = await changesets.perform({ ...input, meta: { device: 'phone' } }, [inspect]);
		expect(done.changeset).toMatchObject({ comment: 'inspected installed', meta: { device: 'phone', from: 'installed' } });
		expect(await changesets.get(done.changeset.id)).toEqual(done.changeset);
		// The action requires version 1: at version 2 it is refused before anything is applied.
		expect(await failure(changesets.perform(input, [inspect]))).toBeInstanceOf(VersionConflictError);
		await changesets.apply(input, [{ op: 'update', id: bin.id, baseVersion: 2, properties: { status: 'removed' } }]);
		const refused = await failure(changesets.perform(input, [{ ...inspect, reads: [{ id: bin.id, kind }] }]));
		expect(refused).toBeInstanceOf(EditRefusedError);
		expect((refused as EditRefusedError).refusal.code).toBe('gone');
		expect((await features.get(kind, bin.id))?.version).toBe(3);
	});

	it('reverts an update, a revert, a delete and a create', async () => {
		const { kind, input } = fresh();
		const bin = await create(input, kind, { status: 'installed' });
		const edit = await changesets.apply(input, [{ op: 'update', id: bin.id, baseVersion: 1, properties: { status: 'damaged' }, geometry: point(116.36, 40) }]);
		const undo = await changesets.revert(edit.changeset.id, input);
		expect(undo.changeset).toMatchObject({ revertOf: edit.changeset.id, comment: `Undo of changeset ${edit.changeset.id}` });
		expect(await features.get(kind, bin.id)).toMatchObject({ version: 3, properties: { status: 'installed' }, geometry: point(116.35, 40) });
		expect((await changesets.get(edit.changeset.id))?.revertedBy).toBe(undo.changeset.id);
		await changesets.revert(undo.changeset.id, input); // redo
		expect(await features.get(kind, bin.id)).toMatchObject({ version: 4, properties: { status: 'damaged' }, geometry: point(116.36, 40) });
		const del = await changesets.apply(input, [{ op: 'delete', id: bin.id, baseVersion: 4 }]);
		await changesets.revert(del.changeset.id, input);
		expect(await features.get(kind, bin.id)).toMatchObject({ version: 6, properties: { status: 'damaged' } });
		const made = await changesets.apply(input, [{ op: 'create', kind, geometry: point(116.37, 40), properties: {} }]);
		await changesets.revert(made.changeset.id, input);
		expect(await features.get(kind, made.results[0].id)).toBeUndefined();
		expect((await changesets.history(made.results[0].id)).map((h) => h.action)).toEqual(['create', 'delete']);
	});

	it('refuses to revert a changeset whose features changed since, storing nothing', async () => {
		const { kind, input } = fresh();
		const bin = await create(input, kind, { status: 'installed' });
		const edit = await changesets.apply(input, [{ op: 'update', id: bin.id, baseVersion: 1, properties: { status: 'damaged' } }]);
		await changesets.apply(input, [{ op: 'update', id: bin.id, baseVersion: 2, properties: { status: 'removed' } }]);
		const latest = await changesets.latestId();
		const error = await failure(changesets.revert(edit.changeset.id, input));
		expect(error).toBeInstanceOf(RevertConflictError);
		expect((error as RevertConflictError).changed).toEqual([{ featureId: bin.id, expectedVersion: 2, currentVersion: 3 }]);
		expect(await changesets.latestId()).toBe(latest);
		expect((await features.get(kind, bin.id))?.properties.status).toBe('removed');
	});

	it('gives the history of a feature with its changesets, authors and times', async () => {
		const { kind, input } = fresh();
		const bin = await create(input, kind, { status: 'installed' });
		const other = { author: `${input.author}-b`, source: 'field' as const };
		const edit = await changesets.apply(other, [{ op: 'update', id: bin.id, baseVersion: 1, geometry: point(116.36, 40.001) }]);
		const history = await changesets.history(bin.id);
		expect(history.map((h) => ({ version: h.version, kind: h.kind, action: h.action, author: h.author, properties: h.properties, geometry: h.geometry }))).toEqual([
			{ version: 1, kind, action: 'create', author: input.author, properties: { status: 'installed' }, geometry: point(116.35, 40) },
			{ version: 2, kind, action: 'update', author: other.author, properties: { status: 'installed' }, geometry: point(116.36, 40.001) }
		]);
		expect(history[1].changesetId).toBe(edit.changeset.id);
		expect(history[1].createdAt).toBe(edit.changeset.createdAt);
		expect(history[0].createdAt < history[1].createdAt).toBe(true);
		expect(await changesets.history(bin.id + 1_000_000)).toEqual([]);
	});

	it('rebuilds a layer as it stood at past instants, with bulk loads apart from the work of a period', async () => {
		const { kind, input } = fresh();
		const seed = await changesets.apply({ author: input.author, source: 'seed' }, [
			{ op: 'create', kind, geometry: point(116.1, 40), properties: { status: 'installed' } },
			{ op: 'create', kind, geometry: point(116.2, 40), properties: { status: 'installed' } }
		]);
		const [a, b] = seed.results.map((r) => r.id);
		const edit = await changesets.apply(input, [{ op: 'update', id: a, baseVersion: 1, properties: { status: 'damaged' } }]);
		const del = await changesets.apply(input, [{ op: 'delete', id: b, baseVersion: 1 }]);
		const t = (c: { changeset: { createdAt: string } }) => Date.parse(c.changeset.createdAt);
		const state = async (at: number) => (await history.featuresAsOf(kind, at)).map((f) => [f.id, f.version, f.properties.status]);
		expect(await state(t(seed))).toEqual([]); // exactly at the seed: not yet (periods are [from, to))
		expect(await state(t(seed) + 1)).toEqual([[a, 1, 'installed'], [b, 1, 'installed']]);
		expect(await state(t(edit) + 1)).toEqual([[a, 2, 'damaged'], [b, 1, 'installed']]);
		expect(await state(t(del) + 1)).toEqual([[a, 2, 'damaged']]);
		const [first] = await history.featuresAsOf(kind, t(seed) + 1);
		expect(first).toEqual({ id: a, kind, version: 1, geometry: point(116.1, 40), properties: { status: 'installed' }, changesetId: seed.changeset.id, recordedAt: seed.changeset.createdAt });
		expect([...(await history.bulkLoadedIn(kind, t(seed), t(del) + 1)).keys()]).toEqual([a, b]);
		expect((await history.bulkLoadedIn(kind, t(seed) + 1, t(del) + 1)).size).toBe(0);
		expect(await history.changesetsInPeriod(kind, t(seed), t(del) + 1)).toEqual(
			new Map([
				[a, [edit.changeset.id]],
				[b, [del.changeset.id]]
			])
		);
		expect(await history.changesetsInPeriod(kind, t(seed), t(edit))).toEqual(new Map());
	});

	it('lists changesets newest first, by author and by feature, paging backwards by id', async () => {
		const { kind, input } = fresh();
		const made = [];
		for (let i = 0; i < 5; i++) made.push((await changesets.apply(input, [{ op: 'create', kind, geometry: point(116.3 + i / 100, 40), properties: { i } }])).changeset);
		const first = await changesets.list({ limit: 2, author: input.author });
		expect(first.map((c) => c.id)).toEqual([made[4].id, made[3].id]);
		expect(first[0]).toEqual(made[4]);
		const next = await changesets.list({ limit: 2, author: input.author, before: first[1].id });
		expect(next.map((c) => c.id)).toEqual([made[2].id, made[1].id]);
		const featureId = made[2].features[0].featureId;
		expect((await changesets.list({ limit: 10, featureId })).map((c) => c.id)).toEqual([made[2].id]);
		expect(await changesets.list({ limit: 10, author: 'nobody' })).toEqual([]);
	});

	it('queries a layer by bbox (exactly at the edges), by properties and by name, and pages', async () => {
		const { kind, input } = fresh();
		const { results } = await changesets.apply(input, [
			{ op: 'create', kind, geometry: point(116.3, 40), properties: { name: 'North Gate Toilet', status: 'installed', enclosed: true, capacity: 240 } },
			{ op: 'create', kind, geometry: point(116.4, 40.1), properties: { name: '东门垃圾站', status: 'planned', enclosed: false } },
			{ op: 'create', kind, geometry: point(116.3000001, 40), properties: { name: 'south gate', status: 'installed' } },
			{ op: 'create', kind, geometry: { type: 'LineString', coordinates: [[116.2, 39.9], [116.29, 39.99]] }, properties: { status: 'installed' } }
		]);
		const ids = results.map((r) => r.id);
		const inBox = await features.query(kind, { bbox: [116.29, 39.99, 116.3, 40.0], limit: 10 });
		expect(inBox.features.map((f) => f.id)).toEqual([ids[0], ids[3]]);
		expect(inBox.numberMatched).toBe(2);
		expect(await features.query(kind, { bbox: [116.29, 39.99, 116.3, 40.0], where: { status: 'planned' }, limit: 10 })).toEqual({ features: [], numberMatched: 0 });
		expect((await features.query(kind, { where: { enclosed: 'true' }, limit: 10 })).features.map((f) => f.id)).toEqual([ids[0]]);
		expect((await features.query(kind, { where: { enclosed: 'false' }, limit: 10 })).features.map((f) => f.id)).toEqual([ids[1]]);
		expect((await features.query(kind, { where: { capacity: '240' }, limit: 10 })).features.map((f) => f.id)).toEqual([ids[0]]);
		expect((await features.query(kind, { nameContains: 'GATE', limit: 10 })).features.map((f) => f.id)).toEqual([ids[0], ids[2]]);
		expect((await features.query(kind, { nameContains: '垃圾', limit: 10 })).features.map((f) => f.id)).toEqual([ids[1]]);
		const page = await features.query(kind, { where: { status: 'installed' }, limit: 2 });
		expect(page.features.map((f) => f.id)).toEqual([ids[0], ids[2]]);
		expect(page.numberMatched).toBe(3);
		const later = await features.query(kind, { where: { status: 'installed' }, limit: 2, offset: 2 });
		expect(later).toEqual({ features: [await features.get(kind, ids[3])], numberMatched: 3 });
		expect((await features.all(kind)).map((f) => f.id)).toEqual(ids);
	});

	it('scans a layer as GeoJSON in id order, live features only, past a page of rows', async () => {
		const { kind, input } = fresh();
		// More than a PostgreSQL scan page (10,000 rows), so its pages join without a gap or a repeat.
		const n = 10_003;
		const { results } = await changesets.apply(
			input,
			Array.from({ length: n }, (_, i): Change => ({ op: 'create', kind, geometry: point(116 + i / 1e5, 40), properties: { n: i, name: `第${i}号` } }))
		);
		const ids = results.map((r) => r.id);
		await changesets.apply(input, [{ op: 'delete', id: ids[7], baseVersion: 1 }]);
		await create(input, `${kind}-other`);
		const seen: { id: unknown; type: string; geometry: Geometry; properties: unknown }[] = [];
		const count = await features.scan(kind, (f) => void seen.push({ id: f.id, type: f.type, geometry: f.geometry, properties: f.properties }));
		expect(count).toBe(n - 1);
		expect(seen.map((f) => f.id)).toEqual(ids.filter((_, i) => i !== 7));
		const last = await features.get(kind, ids[n - 1]);
		expect(seen.at(-1)).toEqual({ id: last!.id, type: 'Feature', geometry: last!.geometry, properties: last!.properties });
		expect(seen[10_001]).toEqual({ id: ids[10_002], type: 'Feature', geometry: point(116 + 10_002 / 1e5, 40), properties: { n: 10_002, name: '第10002号' } });
		expect(await features.scan(`${kind}-none`, () => expect.unreachable())).toBe(0);
	});

	it('summarises each layer: live features and their extent', async () => {
		const { kind, input } = fresh();
		const a = await create(input, kind, {}, point(116.3, 40));
		await create(input, kind, {}, { type: 'LineString', coordinates: [[116.31, 39.9], [116.5, 40.05]] });
		const gone = await create(input, kind, {}, point(100, 10));
		await changesets.apply(input, [{ op: 'delete', id: gone.id, baseVersion: 1 }]);
		expect((await features.summary()).get(kind)).toEqual({ count: 2, bbox: [116.3, 39.9, 116.5, 40.05] });
		await changesets.apply(input, [{ op: 'delete', id: a.id, baseVersion: 1 }]);
		expect((await features.summary()).get(kind)).toEqual({ count: 1, bbox: [116.31, 39.9, 116.5, 40.05] });
	});

	it('names the features of a layer that changesets between two ids wrote, deleted ones too', async () => {
		const { kind, input } = fresh();
		const before = await changesets.latestId();
		const a = await create(input, kind);
		const b = await create(input, kind);
		await create(input, `${kind}-other`);
		const middle = await changesets.latestId();
		await changesets.apply(input, [{ op: 'update', id: a.id, baseVersion: 1, properties: { status: 'full' } }]);
		await changesets.apply(input, [{ op: 'delete', id: b.id, baseVersion: 1 }]);
		const latest = await changesets.latestId();
		expect((await features.changedBetween(kind, before, latest)).sort((x, y) => x - y)).toEqual([a.id, b.id]);
		expect((await features.changedBetween(kind, middle, middle + 1))).toEqual([a.id]);
		expect(await features.changedBetween(kind, latest, latest)).toEqual([]);
	});

	it('names the newest changeset in latestId, 0 before the first, when each was stored, and when the history starts', async () => {
		const empty = await open(steppingClock());
		try {
			expect(await empty.changesets.latestId()).toBe(0);
			expect(await empty.history.historyStartsAt()).toBeNull();
			const { changeset } = await empty.changesets.apply({ author: 'a', source: 'web' }, [{ op: 'create', kind: 'bin', geometry: point(116.3, 40), properties: {} }]);
			await empty.changesets.apply({ author: 'a', source: 'web' }, [{ op: 'create', kind: 'bin', geometry: point(116.3, 40), properties: {} }]);
			expect(await empty.history.historyStartsAt()).toBe(changeset.createdAt);
			expect(await empty.changesets.latestId()).toBe(changeset.id + 1);
			expect((await empty.changesets.list({ limit: 1 }))[0].id).toBe(changeset.id + 1);
			// When each changeset was stored, and nothing for one that is not.
			expect(await empty.changesets.createdAtOf(changeset.id)).toBe(changeset.createdAt);
			expect(await empty.changesets.createdAtOf(changeset.id + 1)).toBe((await empty.changesets.get(changeset.id + 1))!.createdAt);
			expect(await empty.changesets.createdAtOf(changeset.id + 1)).not.toBe(changeset.createdAt);
			expect(await empty.changesets.createdAtOf(changeset.id + 2)).toBeUndefined();
			expect(await empty.changesets.createdAtOf(0)).toBeUndefined();
		} finally {
			await empty.close();
		}
	});

	it('lets exactly one of several writers racing on one version change a field, and merges racing changes to different fields', async () => {
		const { kind, input } = fresh();
		const bin = await create(input, kind, { status: 'installed' });
		const racers = Array.from({ length: 8 }, (_, i) => failure(changesets.apply({ ...input, author: `racer${i}` }, [{ op: 'update', id: bin.id, baseVersion: 1, properties: { status: `s${i}` } }])));
		const outcomes = await Promise.all(racers);
		expect(outcomes.filter((e) => e === undefined)).toHaveLength(1);
		expect(outcomes.filter((e) => e instanceof VersionConflictError)).toHaveLength(7);
		const winner = outcomes.findIndex((e) => e === undefined);
		expect(await features.get(kind, bin.id)).toMatchObject({ version: 2, properties: { status: `s${winner}` }, updatedBy: `racer${winner}` });
		expect(await changesets.history(bin.id)).toHaveLength(2);

		// Each on version 2, each a field of its own: all are stored, one after another.
		const fields = await Promise.all(Array.from({ length: 8 }, (_, i) => changesets.apply(input, [{ op: 'update', id: bin.id, baseVersion: 2, properties: { [`f${i}`]: i } }])));
		expect(fields.map((f) => f.results[0].version).sort((x, y) => x - y)).toEqual([3, 4, 5, 6, 7, 8, 9, 10]);
		expect((await features.get(kind, bin.id))?.properties).toEqual({ status: `s${winner}`, f0: 0, f1: 1, f2: 2, f3: 3, f4: 4, f5: 5, f6: 6, f7: 7 });
	});
});

describe('the PostgreSQL store under concurrent transactions', () => {
	const input = { author: 'a', source: 'web' as const };

	/** A database of its own with two bins in it, x and y. */
	async function twoBins() {
		const url = await createTestDatabase();
		const db = await openPostgres(url, { max: 12 });
		const changesets = new PgChangesetRepository(db, { clock: steppingClock() });
		const [x, y] = (
			await changesets.apply(input, [
				{ op: 'create', kind: 'bin', geometry: point(116.3, 40), properties: {} },
				{ op: 'create', kind: 'bin', geometry: point(116.4, 40), properties: {} }
			])
		).results;
		return { url, db, changesets, x, y };
	}

	it('takes changeset ids in commit order, so latestId never skips a changeset still to come', async () => {
		const { url, db, changesets, x, y } = await twoBins();
		try {
			// Another connection holds feature x, so the edit of x starts first but waits.
			const holder = new pg.Client(url);
			await holder.connect();
			await holder.query('BEGIN');
			await holder.query('SELECT 1 FROM features WHERE id = $1 FOR UPDATE', [x.id]);
			const first = changesets.apply(input, [{ op: 'update', id: x.id, baseVersion: 1, properties: { n: 1 } }]);
			await new Promise((r) => setTimeout(r, 200));
			const second = await changesets.apply(input, [{ op: 'update', id: y.id, baseVersion: 1, properties: { n: 2 } }]);
			expect(await changesets.latestId()).toBe(second.changeset.id);
			await holder.query('COMMIT');
			await holder.end();
			expect((await first).changeset.id).toBeGreaterThan(second.changeset.id);
		} finally {
			await db.$client.end();
		}
	});

	it('stores crossing changesets over the same features, in whatever order they name them', async () => {
		const { db, changesets, x, y } = await twoBins();
		const reads = new PgFeatureRepository(db);
		try {
			const crossing = (i: number): Change[] => {
				const [first, second] = i % 2 ? [x, y] : [y, x];
				return [
					{ op: 'update', id: first.id, baseVersion: 1, properties: { [`f${i}`]: i } },
					{ op: 'update', id: second.id, baseVersion: 1, properties: { [`f${i}`]: i } }
				];
			};
			// Through apply: the features are locked in id order first.
			await Promise.all(Array.from({ length: 8 }, (_, i) => changesets.apply(input, crossing(i))));
			const fields = Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`f${i}`, i]));
			expect(await reads.get('bin', x.id)).toMatchObject({ version: 9, properties: fields });
			expect(await reads.get('bin', y.id)).toMatchObject({ version: 9, properties: fields });
			// Through an action whose changes name features it did not read: locked as they come, so
			// two of them can deadlock; the one PostgreSQL ends is run again.
			await Promise.all([8, 9].map((i) => changesets.perform(input, [actionApplyChanges('crossing', crossing(i))])));
			expect(await reads.get('bin', x.id)).toMatchObject({ version: 11, properties: { ...fields, f8: 8, f9: 9 } });
			expect(await reads.get('bin', y.id)).toMatchObject({ version: 11, properties: { ...fields, f8: 8, f9: 9 } });
		} finally {
			await db.$client.end();
		}
	});
});
