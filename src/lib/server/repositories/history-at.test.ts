import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../db';
import { ChangesetRepository } from './changesets';
import { bulkLoadedIn, changesetsInPeriod, featuresAsOf, historyStartsAt } from './history-at';

const point = (lon: number) => ({ type: 'Point' as const, coordinates: [lon, 40] });
const ms = (iso: string) => Date.parse(iso);

function fixture() {
	let now = new Date('2026-10-01T00:00:00Z');
	const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'sanimap-history-')), 'test.db'));
	const changesets = new ChangesetRepository(db, { clock: () => now });
	const at = (iso: string) => (now = new Date(iso));
	return { db, changesets, at };
}

describe('featuresAsOf', () => {
	it('gives each feature’s latest version recorded before the instant, and leaves deleted ones out', async () => {
		const { db, changesets, at } = fixture();
		at('2026-10-01T10:00:00Z');
		const created = await changesets.apply({ author: 'a', source: 'seed' }, [
			{ op: 'create', kind: 'bin', geometry: point(116.1), properties: { status: 'installed' } },
			{ op: 'create', kind: 'bin', geometry: point(116.2), properties: { status: 'installed' } },
			{ op: 'create', kind: 'shop', geometry: point(116.3), properties: {} }
		]);
		const [a, b] = created.results.map((r) => r.id);
		at('2026-10-05T10:00:00Z');
		const edit = await changesets.apply({ author: 'a', source: 'web' }, [{ op: 'update', id: a, baseVersion: 1, properties: { status: 'damaged' } }]);
		at('2026-10-07T10:00:00Z');
		await changesets.apply({ author: 'a', source: 'web' }, [{ op: 'delete', id: b, baseVersion: 1 }]);
		at('2026-10-09T10:00:00Z');
		await changesets.revert(edit.changeset.id, { author: 'a', source: 'web' });

		const state = (iso: string) => featuresAsOf(db, 'bin', ms(iso)).map((f) => [f.id, f.version, f.properties.status]);
		expect(state('2026-10-01T10:00:00Z')).toEqual([]); // exactly at the seed: not yet (periods are [from, to))
		expect(state('2026-10-02T00:00:00Z')).toEqual([[a, 1, 'installed'], [b, 1, 'installed']]);
		expect(state('2026-10-06T00:00:00Z')).toEqual([[a, 2, 'damaged'], [b, 1, 'installed']]);
		expect(state('2026-10-08T00:00:00Z')).toEqual([[a, 2, 'damaged']]);
		expect(state('2026-10-10T00:00:00Z')).toEqual([[a, 3, 'installed']]);
		expect(featuresAsOf(db, 'shop', ms('2026-10-10T00:00:00Z'))).toHaveLength(1);
		expect(featuresAsOf(db, 'bin', ms('2026-10-06T00:00:00Z'))[0].changesetId).toBe(edit.changeset.id);
	});

	it('names the changesets inside a period per feature, and the bulk loads in it', async () => {
		const { db, changesets, at } = fixture();
		at('2026-10-01T10:00:00Z');
		const seed = await changesets.apply({ author: 'a', source: 'seed' }, [{ op: 'create', kind: 'bin', geometry: point(116.1), properties: {} }]);
		const id = seed.results[0].id;
		at('2026-10-03T10:00:00Z');
		const web = await changesets.apply({ author: 'a', source: 'web' }, [{ op: 'create', kind: 'bin', geometry: point(116.2), properties: {} }]);
		at('2026-10-04T10:00:00Z');
		const move = await changesets.apply({ author: 'a', source: 'web' }, [{ op: 'update', id, baseVersion: 1, geometry: point(116.11) }]);

		const period = [ms('2026-10-02T00:00:00Z'), ms('2026-10-05T00:00:00Z')] as const;
		expect([...changesetsInPeriod(db, 'bin', ...period)]).toEqual([
			[id, [move.changeset.id]],
			[web.results[0].id, [web.changeset.id]]
		]);
		expect([...bulkLoadedIn(db, 'bin', ms('2026-10-01T00:00:00Z'), ms('2026-10-05T00:00:00Z')).keys()]).toEqual([id]);
		expect(bulkLoadedIn(db, 'bin', ...period).size).toBe(0);
		expect(historyStartsAt(db)).toBe('2026-10-01T10:00:00.000Z');
	});
});
