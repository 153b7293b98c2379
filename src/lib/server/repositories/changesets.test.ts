import { describe, expect, it, beforeEach } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../db';
import { ChangesetRepository } from './changesets';
import { FeatureRepository } from './features';
import { RevertConflictError, VersionConflictError } from './errors';
import { actionApplyChanges } from '../../domain/edits/actions/apply-changes';

const point = (lon: number, lat: number) => ({ type: 'Point' as const, coordinates: [lon, lat] });
const web = { author: 'tester', source: 'web' as const };

describe('changesets on a real SQLite file', () => {
	let db: Db;
	let changesets: ChangesetRepository;
	let features: FeatureRepository;

	beforeEach(() => {
		db = openDatabase(join(mkdtempSync(join(tmpdir(), 'sanimap-cs-')), 'test.db'));
		changesets = new ChangesetRepository(db);
		features = new FeatureRepository(db);
	});

	it('creates a feature at version 1 and records the version in its changeset', async () => {
		const { changeset, results } = await changesets.apply(web, [{ op: 'create', kind: 'bin', geometry: point(116.35, 40), properties: { status: 'installed' } }]);
		expect(results[0].version).toBe(1);
		expect(changeset.features).toEqual([{ featureId: results[0].id, kind: 'bin', version: 1, action: 'create' }]);
		expect((await features.get('bin', results[0].id))?.properties).toEqual({ status: 'installed' });
	});

	it('bumps the version on update and keeps every version in the history', async () => {
		const [bin] = (await changesets.apply(web, [{ op: 'create', kind: 'bin', geometry: point(116.35, 40), properties: { status: 'installed' } }])).results;
		await changesets.apply(web, [{ op: 'update', id: bin.id, baseVersion: 1, properties: { status: 'damaged' } }]);
		await changesets.apply(web, [{ op: 'update', id: bin.id, baseVersion: 2, geometry: point(116.36, 40.001) }]);
		const history = await changesets.history(bin.id);
		expect(history.map((h) => [h.version, h.action, h.properties.status])).toEqual([
			[1, 'create', 'installed'],
			[2, 'update', 'damaged'],
			[3, 'update', 'damaged']
		]);
		expect((await features.get('bin', bin.id))?.geometry).toEqual(point(116.36, 40.001));
	});

	it('refuses a stale version and writes nothing, not even the changeset', async () => {
		const [bin] = (await changesets.apply(web, [{ op: 'create', kind: 'bin', geometry: point(116.35, 40), properties: { status: 'installed' } }])).results;
		await changesets.apply(web, [{ op: 'update', id: bin.id, baseVersion: 1, properties: { status: 'damaged' } }]);
		const before = (await changesets.list({ limit: 100 })).length;
		let error: unknown;
		try {
			await changesets.apply(web, [{ op: 'update', id: bin.id, baseVersion: 1, properties: { status: 'removed' } }]);
		} catch (e) {
			error = e;
		}
		expect(error).toBeInstanceOf(VersionConflictError);
		expect((error as VersionConflictError).current?.properties.status).toBe('damaged');
		expect((await changesets.list({ limit: 100 })).length).toBe(before);
		expect((await features.get('bin', bin.id))?.version).toBe(2);
	});

	it('is all-or-nothing across several ops', async () => {
		const [a] = (await changesets.apply(web, [{ op: 'create', kind: 'bin', geometry: point(116.35, 40), properties: {} }])).results;
		await expect(
			changesets.apply(web, [
				{ op: 'create', kind: 'bin', geometry: point(116.351, 40), properties: {} },
				{ op: 'update', id: a.id, baseVersion: 7, properties: {} }
			])
		).rejects.toThrow(VersionConflictError);
		expect(changesets.liveFeatureCount()).toBe(1);
	});

	it('reverts an update, a create and a delete, and the revert can itself be reverted', async () => {
		const [bin] = (await changesets.apply(web, [{ op: 'create', kind: 'bin', geometry: point(116.35, 40), properties: { status: 'installed' } }])).results;
		const edit = await changesets.apply(web, [{ op: 'update', id: bin.id, baseVersion: 1, properties: { status: 'damaged' } }]);
		const undo = await changesets.revert(edit.changeset.id, web);
		expect(undo.changeset.revertOf).toBe(edit.changeset.id);
		expect((await features.get('bin', bin.id))?.properties.status).toBe('installed');
		expect((await changesets.get(edit.changeset.id))?.revertedBy).toBe(undo.changeset.id);

		await changesets.revert(undo.changeset.id, web); // redo
		expect((await features.get('bin', bin.id))?.properties.status).toBe('damaged');

		const del = await changesets.apply(web, [{ op: 'delete', id: bin.id, baseVersion: 4 }]);
		expect(await features.get('bin', bin.id)).toBeUndefined();
		await changesets.revert(del.changeset.id, web);
		expect((await features.get('bin', bin.id))?.properties.status).toBe('damaged');
		expect((await features.get('bin', bin.id))?.version).toBe(6);
	});

	it('reverting a creation deletes the feature', async () => {
		const created = await changesets.apply(web, [{ op: 'create', kind: 'bin', geometry: point(116.35, 40), properties: {} }]);
		await changesets.revert(created.changeset.id, web);
		expect(await features.get('bin', created.results[0].id)).toBeUndefined();
		expect((await changesets.history(created.results[0].id)).map((h) => h.action)).toEqual(['create', 'delete']);
	});

	it('refuses to revert a changeset whose features changed since', async () => {
		const [bin] = (await changesets.apply(web, [{ op: 'create', kind: 'bin', geometry: point(116.35, 40), properties: { status: 'installed' } }])).results;
		const edit = await changesets.apply(web, [{ op: 'update', id: bin.id, baseVersion: 1, properties: { status: 'damaged' } }]);
		await changesets.apply(web, [{ op: 'update', id: bin.id, baseVersion: 2, properties: { status: 'removed' } }]);
		await expect(changesets.revert(edit.changeset.id, web)).rejects.toThrow(RevertConflictError);
		expect((await features.get('bin', bin.id))?.properties.status).toBe('removed');
	});

	it('finds features by bbox through the R*Tree, exactly at the edges', async () => {
		const ids = (
			await changesets.apply(web, [
				{ op: 'create', kind: 'bin', geometry: point(116.3, 40), properties: {} },
				{ op: 'create', kind: 'bin', geometry: point(116.4, 40.1), properties: {} },
				{ op: 'create', kind: 'bin', geometry: point(116.3000001, 40), properties: {} }
			])
		).results.map((r) => r.id);
		const inBox = await features.query('bin', { bbox: [116.29, 39.99, 116.3, 40.0], limit: 10 });
		expect(inBox.features.map((f) => f.id)).toEqual([ids[0]]);
		expect(inBox.numberMatched).toBe(1);
	});

	it('filters on properties and pages', async () => {
		await changesets.apply(
			web,
			Array.from({ length: 5 }, (_, i) => ({ op: 'create' as const, kind: 'bin', geometry: point(116.3 + i / 1000, 40), properties: { status: i % 2 ? 'planned' : 'installed', enclosed: i === 0 } }))
		);
		const page = await features.query('bin', { where: { status: 'installed' }, limit: 2 });
		expect(page.numberMatched).toBe(3);
		expect(page.features).toHaveLength(2);
		expect((await features.query('bin', { where: { enclosed: 'true' }, limit: 10 })).numberMatched).toBe(1);
	});
	it('writes edits asked for together in one commit, each its own changeset, and refuses only the stale one', async () => {
		const [a, b] = (
			await changesets.apply(web, [
				{ op: 'create', kind: 'bin', geometry: point(116.35, 40), properties: { status: 'installed' } },
				{ op: 'create', kind: 'bin', geometry: point(116.36, 40), properties: { status: 'installed' } }
			])
		).results;
		const changesetCount = () => (db.$client.prepare('SELECT count(*) AS n FROM changesets').get() as { n: number }).n;
		const before = changesetCount();
		const edit = (id: number, baseVersion: number, status: string) => changesets.perform(web, [actionApplyChanges('test', [{ op: 'update', id, baseVersion, properties: { status } }])]);
		// Asked for in the same turn of the event loop, so written together; the fourth builds on the second.
		const outcomes = await Promise.allSettled([edit(a.id, 1, 'full'), edit(b.id, 1, 'damaged'), edit(a.id, 1, 'removed'), edit(b.id, 2, 'full')]);
		expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
		expect((outcomes[2] as PromiseRejectedResult).reason).toBeInstanceOf(VersionConflictError);
		const ids = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value.changeset.id] : []));
		expect(new Set(ids).size).toBe(3);
		expect(changesetCount()).toBe(before + 3);
		expect((await features.get('bin', a.id))?.properties.status).toBe('full');
		expect((await features.get('bin', b.id))).toMatchObject({ version: 3, properties: { status: 'full' } });
		expect((await changesets.history(a.id)).map((h) => h.version)).toEqual([1, 2]);
	});
});
