/**
 * Random changesets over one layer of a real store, for the property tests of state kept between
 * requests: creates (one or several in a changeset), edits of properties, moves, deletes, undos of
 * any earlier changeset (refused ones skipped, as a person's would be), and moves of a zone.
 *
 *   const steps = fc.array(layerStep(arbGeometry, arbProperties, [0.01, 0.02]));
 *   const layer = new RandomLayer(changesets, features, 'hotspot', zoneId, (size) => square(116, 40, size));
 *   for (const step of steps) await layer.apply(step);
 */
import fc from 'fast-check';
import type { Geometry, Polygon } from 'geojson';
import type { Change } from '../../src/lib/domain/edits/change';
import { RevertConflictError } from '../../src/lib/server/repositories/errors';
import type { ChangesetStore, FeatureReads } from '../../src/lib/server/store/types';
import { openDatabase, type Db } from '../../src/lib/server/db';
import { ChangesetRepository } from '../../src/lib/server/repositories/changesets';
import { FeatureRepository } from '../../src/lib/server/repositories/features';

export type LayerStep =
	| { op: 'create'; geometries: Geometry[]; properties: Record<string, unknown> }
	| { op: 'edit'; pick: number; properties: Record<string, unknown> }
	| { op: 'move'; pick: number; geometry: Geometry }
	| { op: 'delete'; pick: number }
	| { op: 'undo'; pick: number }
	| { op: 'move-zone'; size: number };

export function layerStep(geometry: fc.Arbitrary<Geometry>, properties: fc.Arbitrary<Record<string, unknown>>, zoneSizes: number[]): fc.Arbitrary<LayerStep> {
	return fc.oneof(
		{ weight: 4, arbitrary: fc.record({ op: fc.constant('create' as const), geometries: fc.array(geometry, { minLength: 1, maxLength: 4 }), properties }) },
		{ weight: 3, arbitrary: fc.record({ op: fc.constant('edit' as const), pick: fc.nat(), properties }) },
		{ weight: 2, arbitrary: fc.record({ op: fc.constant('move' as const), pick: fc.nat(), geometry }) },
		{ weight: 1, arbitrary: fc.record({ op: fc.constant('delete' as const), pick: fc.nat() }) },
		{ weight: 2, arbitrary: fc.record({ op: fc.constant('undo' as const), pick: fc.nat() }) },
		{ weight: 1, arbitrary: fc.record({ op: fc.constant('move-zone' as const), size: fc.constantFrom(...zoneSizes) }) }
	);
}

const web = { author: 'tester', source: 'web' as const };

const square = (x: number, y: number, size: number): Polygon => ({
	type: 'Polygon',
	coordinates: [[[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]]
});

/**
 * A fresh in-memory store with two zones side by side, `size`° squares from 116° E 40° N (A, whose
 * shape `move-zone` changes, then B east of it), and a RandomLayer of `kind` over it.
 */
export async function storeWithTwoZones(kind: string, size: number, zoneProperties: [Record<string, unknown>, Record<string, unknown>] = [{ name: 'A' }, { name: 'B' }]) {
	const db: Db = openDatabase(':memory:');
	const changesets = new ChangesetRepository(db);
	const features = new FeatureRepository(db);
	const [zoneA] = (
		await changesets.apply(web, [
			{ op: 'create', kind: 'zone', geometry: square(116.0, 40.0, size), properties: zoneProperties[0] },
			{ op: 'create', kind: 'zone', geometry: square(116.0 + size, 40.0, size), properties: zoneProperties[1] }
		])
	).results;
	const layer = new RandomLayer(changesets, features, kind, zoneA.id, (s) => square(116.0, 40.0, s));
	return { db, changesets, features, layer };
}

export class RandomLayer {
	private readonly changesetIds: number[] = [];

	constructor(
		private readonly changesets: ChangesetStore,
		private readonly features: FeatureReads,
		private readonly kind: string,
		/** The zone that `move-zone` reshapes. */
		private readonly zoneId: number,
		private readonly zoneGeometry: (size: number) => Polygon
	) {}

	async apply(step: LayerStep): Promise<void> {
		if (step.op === 'create') return this.write(step.geometries.map((geometry) => ({ op: 'create', kind: this.kind, geometry, properties: step.properties })));
		if (step.op === 'move-zone') {
			const zone = (await this.features.get('zone', this.zoneId))!;
			return this.write([{ op: 'update', id: zone.id, baseVersion: zone.version, geometry: this.zoneGeometry(step.size) }]);
		}
		if (step.op === 'undo') {
			if (!this.changesetIds.length) return;
			try {
				this.changesetIds.push((await this.changesets.revert(this.changesetIds[step.pick % this.changesetIds.length], web)).changeset.id);
			} catch (e) {
				if (!(e instanceof RevertConflictError)) throw e;
			}
			return;
		}
		const live = await this.features.all(this.kind);
		if (!live.length) return;
		const f = live[step.pick % live.length];
		if (step.op === 'delete') return this.write([{ op: 'delete', id: f.id, baseVersion: f.version }]);
		if (step.op === 'edit') return this.write([{ op: 'update', id: f.id, baseVersion: f.version, properties: step.properties }]);
		return this.write([{ op: 'update', id: f.id, baseVersion: f.version, geometry: step.geometry }]);
	}

	private async write(changes: Change[]): Promise<void> {
		this.changesetIds.push((await this.changesets.apply(web, changes)).changeset.id);
	}
}
