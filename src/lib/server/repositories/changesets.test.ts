import { describe, expect, it, beforeEach } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../db';
import { ChangesetRepository } from './changesets';
import { FeatureRepository } from './features';
import { RevertConflictError, VersionConflictError } from './errors';

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

	it('creates a feature at version 1 and records the version in its changeset', () => {
		const { changeset, results } = changesets.apply(web, [{ op: 'create', kind: 'bin', geometry: point(116.35, 40), properties: { status: 'installed' } }]);
		expect(results[0].version).toBe(1);
		expect(changeset.features).toEqual([{ featureId: results[0].id, kind: 'bin', version: 1, action: 'create' }]);
		expect(features.get('bin', results[0].id)?.properties).toEqual({ status: 'installed' });
	});

	it('bumps the version on update and keeps every version in the history', () => {
		const [bin] = changesets.apply(web, [{ op: 'create', kind: 'bin', geometry: point(116.35, 40), properties: { status: 'installed' } }]).results;
		changesets.apply(web, [{ op: 'update', id: bin.id, baseVersion: 1, properties: { status: 'damaged' } }]);
		changesets.apply(web, [{ op: 'update', id: bin.id, baseVersion: 2, geometry: point(116.36, 40.001) }]);
		const history = changesets.history(bin.id);
		expect(history.map((h) => [h.version, h.action, h.properties.status])).toEqual([
			[1, 'create', 'installed'],
			[2, 'update', 'damaged'],
			[3, 'update', 'damaged']
		]);
		expect(features.get('bin', bin.id)?.geometry).toEqual(point(116.36, 40.001));
	});

	it('refuses a stale version and writes nothing, not even the changeset', () => {
		const [bin] = changesets.apply(web, [{ op: 'create', kind: 'bin', geometry: point(116.35, 40), properties: { status: 'installed' } }]).results;
		changesets.apply(web, [{ op: 'update', id: bin.id, baseVersion: 1, properties: { status: 'damaged' } }]);
		const before = changesets.list({ limit: 100 }).length;
		let error: unknown;
		try {
			changesets.apply(web, [{ op: 'update', id: bin.id, baseVersion: 1, properties: { status: 'removed' } }]);
		} catch (e) {
			error = e;
		}
		expect(error).toBeInstanceOf(VersionConflictError);
		expect((error as VersionConflictError).current?.properties.status).toBe('damaged');
		expect(changesets.list({ limit: 100 }).length).toBe(before);
		expect(features.get('bin', bin.id)?.version).toBe(2);
	});

	it('is all-or-nothing across several ops', () => {
		const [a] = changesets.apply(web, [{ op: 'create', kind: 'bin', geometry: point(116.35, 40), properties: {} }]).results;
		expect(() =>
			changesets.apply(web, [
				{ op: 'create', kind: 'bin', geometry: point(116.351, 40), properties: {} },
				{ op: 'update', id: a.id, baseVersion: 7, properties: {} }
			])
		).toThrow(VersionConflictError);
		expect(changesets.liveFeatureCount()).toBe(1);
	});

	it('reverts an update, a create and a delete, and the revert can itself be reverted', () => {
		const [bin] = changesets.apply(web, [{ op: 'create', kind: 'bin', geometry: point(116.35, 40), properties: { status: 'installed' } }]).results;
		const edit = changesets.apply(web, [{ op: 'update', id: bin.id, baseVersion: 1, properties: { status: 'damaged' } }]);
		const undo = changesets.revert(edit.changeset.id, web);
		expect(undo.changeset.revertOf).toBe(edit.changeset.id);
		expect(features.get('bin', bin.id)?.properties.status).toBe('installed');
		expect(changesets.get(edit.changeset.id)?.revertedBy).toBe(undo.changeset.id);

		changesets.revert(undo.changeset.id, web); // redo
		expect(features.get('bin', bin.id)?.properties.status).toBe('damaged');

		const del = changesets.apply(web, [{ op: 'delete', id: bin.id, baseVersion: 4 }]);
		expect(features.get('bin', bin.id)).toBeUndefined();
		changesets.revert(del.changeset.id, web);
		expect(features.get('bin', bin.id)?.properties.status).toBe('damaged');
		expect(features.get('bin', bin.id)?.version).toBe(6);
	});

	it('reverting a creation deletes the feature', () => {
		const created = changesets.apply(web, [{ op: 'create', kind: 'bin', geometry: point(116.35, 40), properties: {} }]);
		changesets.revert(created.changeset.id, web);
		expect(features.get('bin', created.results[0].id)).toBeUndefined();
		expect(changesets.history(created.results[0].id).map((h) => h.action)).toEqual(['create', 'delete']);
	});

	it('refuses to revert a changeset whose features changed since', () => {
		const [bin] = changesets.apply(web, [{ op: 'create', kind: 'bin', geometry: point(116.35, 40), properties: { status: 'installed' } }]).results;
		const edit = changesets.apply(web, [{ op: 'update', id: bin.id, baseVersion: 1, properties: { status: 'damaged' } }]);
		changesets.apply(web, [{ op: 'update', id: bin.id, baseVersion: 2, properties: { status: 'removed' } }]);
		expect(() => changesets.revert(edit.changeset.id, web)).toThrow(RevertConflictError);
		expect(features.get('bin', bin.id)?.properties.status).toBe('removed');
	});

	it('finds features by bbox through the R*Tree, exactly at the edges', () => {
		const ids = changesets
			.apply(web, [
				{ op: 'create', kind: 'bin', geometry: point(116.3, 40), properties: {} },
				{ op: 'create', kind: 'bin', geometry: point(116.4, 40.1), properties: {} },
				{ op: 'create', kind: 'bin', geometry: point(116.3000001, 40), properties: {} }
			])
			.results.map((r) => r.id);
		const inBox = features.query('bin', { bbox: [116.29, 39.99, 116.3, 40.0], limit: 10 });
		expect(inBox.features.map((f) => f.id)).toEqual([ids[0]]);
		expect(inBox.numberMatched).toBe(1);
	});

	it('filters on properties and pages', () => {
		changesets.apply(
			web,
			Array.from({ length: 5 }, (_, i) => ({ op: 'create' as const, kind: 'bin', geometry: point(116.3 + i / 1000, 40), properties: { status: i % 2 ? 'planned' : 'installed', enclosed: i === 0 } }))
		);
		const page = features.query('bin', { where: { status: 'installed' }, limit: 2 });
		expect(page.numberMatched).toBe(3);
		expect(page.features).toHaveLength(2);
		expect(features.query('bin', { where: { enclosed: 'true' }, limit: 10 }).numberMatched).toBe(1);
	});
});
