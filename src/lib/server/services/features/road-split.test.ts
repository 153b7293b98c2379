import { beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../db';
import { ChangesetRepository } from '../../repositories/changesets';
import { EditService } from '../edits/edit-service';
import { DEFAULT_RULES } from '../../../domain/rules';
import { FeatureRepository } from '../../repositories/features';
import { VersionConflictError } from '../../repositories/errors';
import { ServiceError } from '../service-error';
import { parseSplitRequest, RoadSplitService } from './road-split';

const ctx = { author: 'tester', source: 'field' as const, maxVertices: 1000 };
const road = { type: 'LineString' as const, coordinates: [[116.35, 40], [116.352, 40]] };

describe('RoadSplitService on a real SQLite file', () => {
	let features: FeatureRepository;
	let changesets: ChangesetRepository;
	let service: RoadSplitService;
	let id: number;

	beforeEach(async () => {
		const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'sanimap-split-')), 'test.db'));
		features = new FeatureRepository(db);
		changesets = new ChangesetRepository(db);
		service = new RoadSplitService(new EditService(changesets, async () => DEFAULT_RULES));
		id = (await changesets.apply(ctx, [{ op: 'create', kind: 'roadSegment', geometry: road, properties: { name: 'Back lane', roadClass: 'alley', surface: 'earth', hardened: false } }])).results[0].id;
	});

	it('ends the segment and creates two parts in one changeset', async () => {
		const { changeset, results } = await service.split(id, { at: [116.3505, 40.0001], version: 1 }, ctx);
		expect(changeset.features.map((f) => f.action)).toEqual(['delete', 'create', 'create']);
		expect(await features.get('roadSegment', id)).toBeUndefined();
		const [, a, b] = results;
		expect(a.properties).toEqual({ name: 'Back lane', roadClass: 'alley', surface: 'earth', hardened: false, splitFrom: String(id) });
		expect(b.properties.splitFrom).toBe(String(id));
		expect((a.geometry as typeof road).coordinates.at(-1)).toEqual((b.geometry as typeof road).coordinates[0]);
	});

	it('marks one part in the same changeset when asked', async () => {
		const { results } = await service.split(id, { at: [116.3505, 40], version: 1, parts: [{ hardened: true, surface: 'concrete', widthM: 3 }, null] }, ctx);
		expect(results[1].properties).toMatchObject({ hardened: true, surface: 'concrete', widthM: 3, splitFrom: String(id) });
		expect(results[2].properties).toMatchObject({ hardened: false, surface: 'earth' });
	});

	it('refuses a stale version and writes nothing', async () => {
		const before = (await changesets.list({ limit: 100 })).length;
		await expect(service.split(id, { at: [116.3505, 40], version: 7 }, ctx)).rejects.toThrow(VersionConflictError);
		expect((await changesets.list({ limit: 100 })).length).toBe(before);
		expect((await features.get('roadSegment', id))?.version).toBe(1);
	});

	it('refuses invalid part properties with coded issues', async () => {
		try {
			await service.split(id, { at: [116.3505, 40], version: 1, parts: [{ surface: 'marble' }, null] }, ctx);
			expect.unreachable();
		} catch (e) {
			expect(e).toBeInstanceOf(ServiceError);
			expect((e as ServiceError).code).toBe('feature.invalid');
		}
		expect((await features.get('roadSegment', id))?.version).toBe(1);
	});

	it('is undone by reverting its changeset: the old segment is back and the parts are gone', async () => {
		const { changeset, results } = await service.split(id, { at: [116.3505, 40], version: 1 }, ctx);
		await changesets.revert(changeset.id, ctx);
		expect((await features.get('roadSegment', id))?.geometry).toEqual(road);
		expect(await features.get('roadSegment', results[1].id)).toBeUndefined();
		expect(await features.get('roadSegment', results[2].id)).toBeUndefined();
		expect((await changesets.history(id)).map((h) => h.action)).toEqual(['create', 'delete', 'create']);
	});
});

describe('parseSplitRequest', () => {
	const codeOf = (f: () => unknown) => {
		try {
			f();
		} catch (e) {
			return (e as ServiceError).code;
		}
		return 'ok';
	};
	it('names what is wrong', async () => {
		expect(codeOf(() => parseSplitRequest([], undefined))).toBe('split.invalid');
		expect(codeOf(() => parseSplitRequest({ at: [200, 40], version: 1 }, undefined))).toBe('split.at');
		expect(codeOf(() => parseSplitRequest({ at: [116, 40] }, undefined))).toBe('version.required');
		expect(codeOf(() => parseSplitRequest({ at: [116, 40], version: 1.5 }, undefined))).toBe('version.invalid');
		expect(codeOf(() => parseSplitRequest({ at: [116, 40], version: 1, parts: [{}] }, undefined))).toBe('split.parts');
		expect(codeOf(() => parseSplitRequest({ at: [116, 40], version: 1, extra: 1 }, undefined))).toBe('split.unknown-member');
		expect(parseSplitRequest({ at: [116, 40] }, 3).version).toBe(3);
	});
});
