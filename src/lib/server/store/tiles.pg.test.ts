/**
 * The tiles' reads (tiles.ts) and the seed (ChangesetStore.seed), the same cases against each
 * store: the SQLite file of the embedded default and PostgreSQL + PostGIS, each a new database
 * (tests/helpers/stores.ts).
 */
import { describe, expect, it } from 'vitest';
import type { Geometry } from 'geojson';
import { createTestDatabase } from '../../../../tests/helpers/postgres';
import { bothStores, openedFor } from '../../../../tests/helpers/stores';
import { actionApplyChanges } from '../../domain/edits/actions/apply-changes';
import { ChangesetRepository } from '../repositories/changesets';
import { openStore, type AppStore } from './open-store';
import { PgChangesetRepository } from './postgres/changesets';
import { pgStoreReads, sqliteStoreReads } from './store-reads';
import { parsedJson } from './tiles';
import type { StoreTarget } from './target';
import type { ChangesetStore } from './types';

const clock = () => new Date('2026-03-02T01:00:00.000Z');
const STORES = bothStores({
	sqlite: (db) => ({ ...sqliteStoreReads(db, clock), changesetsAt: (at: () => Date) => new ChangesetRepository(db, { clock: at }) as ChangesetStore }),
	postgres: (db) => ({ ...pgStoreReads(db, clock), changesetsAt: (at: () => Date) => new PgChangesetRepository(db, { clock: at }) as ChangesetStore })
});
const point = (lon: number, lat: number): Geometry => ({ type: 'Point', coordinates: [lon, lat] });
const web = { author: 'planner', source: 'web' as const };
const oneBin = (name: string) => [actionApplyChanges('changes', [{ op: 'create', kind: 'bin', geometry: point(116.3, 40), properties: { name } }])];

describe.each(STORES)('the $name store', ({ open }) => {
	const stores = openedFor(open);

	it('answers the tiles of an empty store: no changeset, no features', async () => {
		expect(await stores.here.tiles.latestChangesetId()).toBe(0);
		expect(await stores.here.tiles.layerVersionsSince(0)).toEqual([]);
		expect(await stores.here.tiles.liveCount('bin')).toBe(0);
		expect(await stores.here.tiles.inBox('bin', [-180, -85, 180, 85])).toEqual([]);
	});

	it('gives each layer the latest changeset that wrote it, and what is in a box, edges included', async () => {
		const bins = await stores.here.changesets.apply(web, [
			{ op: 'create', kind: 'bin', geometry: point(116.3, 40), properties: { name: 'inside', status: 'installed', capacityL: 240 } },
			{ op: 'create', kind: 'bin', geometry: point(116.4, 40.1), properties: { name: 'on the corner' } },
			{ op: 'create', kind: 'bin', geometry: point(116.41, 40), properties: { name: 'outside' } },
			{ op: 'create', kind: 'bin', geometry: point(116.35, 40.05), properties: { name: 'deleted' } }
		]);
		const road = await stores.here.changesets.apply(web, [
			// Its vertices lie outside the box; its bbox overlaps it.
			{ op: 'create', kind: 'roadSegment', geometry: { type: 'LineString', coordinates: [[116.2, 39.9], [116.5, 40.2]] }, properties: { name: 'diagonal', roadClass: 'street' } }
		]);
		const deleted = bins.results[3];
		const removal = await stores.here.changesets.apply(web, [{ op: 'delete', id: deleted.id, baseVersion: deleted.version }]);

		expect(await stores.here.tiles.latestChangesetId()).toBe(removal.changeset.id);
		const versions = await stores.here.tiles.layerVersionsSince(0);
		expect(Object.fromEntries(versions.map((v) => [v.kind, v.version]))).toEqual({ bin: removal.changeset.id, roadSegment: road.changeset.id });
		expect(await stores.here.tiles.layerVersionsSince(removal.changeset.id)).toEqual([]);
		expect((await stores.here.tiles.layerVersionsSince(road.changeset.id)).map((v) => v.kind)).toEqual(['bin']);
		expect(await stores.here.tiles.liveCount('bin')).toBe(3);

		const box: [number, number, number, number] = [116.25, 39.95, 116.4, 40.1];
		const inBox = (await stores.here.tiles.inBox('bin', box)).sort((a, b) => a.id - b.id);
		expect(inBox.map((r) => parsedJson(r.properties).name)).toEqual(['inside', 'on the corner']);
		expect(inBox.map((r) => [r.minX, r.minY])).toEqual([
			[116.3, 40],
			[116.4, 40.1]
		]);
		expect(parsedJson(inBox[0].geometry)).toEqual(point(116.3, 40));
		expect(parsedJson(inBox[0].properties)).toEqual({ name: 'inside', status: 'installed', capacityL: 240 });
		const roads = await stores.here.tiles.inBox('roadSegment', box);
		expect(roads.map((r) => parsedJson(r.geometry))).toEqual([road.results[0].geometry]);
		expect(await stores.here.tiles.inBox('roadSegment', [116.6, 40.3, 116.7, 40.4])).toEqual([]);

		const points = (await stores.here.tiles.points('bin')).sort((a, b) => a.id - b.id);
		expect(points.map((p) => [p.minX, p.minY, parsedJson(p.properties).name])).toEqual([
			[116.3, 40, 'inside'],
			[116.4, 40.1, 'on the corner'],
			[116.41, 40, 'outside']
		]);
	});
});

describe.each(STORES)('seeding a new $name store', ({ open }) => {
	const stores = openedFor(open);

	it('stores nothing when the build fails half-way', async () => {
		const failed = stores.here.changesets.seed(async (perform) => {
			await perform({ author: 'seed', source: 'seed' }, oneBin('first'));
			throw new Error('the demo files are broken');
		});
		await expect(failed).rejects.toThrow('the demo files are broken');
		expect(await stores.here.changesets.latestId()).toBe(0);
		expect(await stores.here.features.all('bin')).toEqual([]);
	});

	it('stores every changeset of the build in order, each at its own time, then never again', async () => {
		let at = Date.parse('2026-01-05T00:00:00Z');
		const stepped = stores.here.changesetsAt(() => new Date(at));
		const seeded = await stepped.seed(async (perform) => {
			const first = await perform({ author: 'seed', source: 'seed' }, oneBin('first'));
			at += 86_400_000;
			const bin = first.results[0];
			await perform({ author: 'seed', source: 'seed' }, [actionApplyChanges('changes', [{ op: 'update', id: bin.id, baseVersion: bin.version, properties: { name: 'renamed' } }])]);
		});
		expect(seeded).toBe(true);
		const list = await stores.here.changesets.list({ limit: 10 });
		expect(list.map((c) => c.createdAt).reverse()).toEqual(['2026-01-05T00:00:00.000Z', '2026-01-06T00:00:00.000Z']);
		expect((await stores.here.features.all('bin')).map((f) => f.properties.name)).toEqual(['renamed']);
		expect(await stores.here.changesets.seed(async (perform) => void (await perform({ author: 'seed', source: 'seed' }, oneBin('again'))))).toBe(false);
		expect(await stores.here.features.all('bin')).toHaveLength(1);
	});

	it('seeds a kind once, unless the store has a live feature of it', async () => {
		const inspectionsOnce = () =>
			stores.here.changesets.seed(async (perform) => void (await perform({ author: 'seed', source: 'field' }, [actionApplyChanges('changes', [{ op: 'create', kind: 'shop', geometry: point(116.3, 40), properties: { name: 'shop' } }])])), {
				unlessKind: 'shop'
			});
		expect(await inspectionsOnce()).toBe(true);
		expect(await inspectionsOnce()).toBe(false);
		expect(await stores.here.features.all('shop')).toHaveLength(1);
	});

});

describe('two servers starting on one new PostgreSQL database', () => {
	it('seed it once', async () => {
		const fresh: StoreTarget = { store: 'postgres', url: await createTestDatabase() };
		const [a, b] = await Promise.all([openStore(fresh, { clock }), openStore(fresh, { clock })]);
		try {
			const seedWith = (s: AppStore, name: string) => s.changesets.seed(async (perform) => void (await perform({ author: 'seed', source: 'seed' }, oneBin(name))));
			const outcomes = await Promise.all([seedWith(a, 'a'), seedWith(b, 'b')]);
			expect(outcomes.sort()).toEqual([false, true]);
			expect(await a.features.all('bin')).toHaveLength(1);
		} finally {
			await Promise.all([a.close(), b.close()]);
		}
	});
});
