/**
 * The inspection template contract (templates.ts), the same cases against each store: the SQLite
 * file of the embedded default and PostgreSQL. Each store gets one database for the file, and a
 * new one for the cases about an empty project; the other cases work on templates of their own,
 * so they need no order.
 */
import { describe, expect, it } from 'vitest';
import { bothStores, openedFor } from '../../../../tests/helpers/stores';
import { DEFAULT_TEMPLATES } from '../../domain/inspections/template';
import { SqliteTemplateStore } from '../repositories/templates';
import { InspectionTemplateService } from '../services/inspections/templates';
import { ServiceError } from '../services/service-error';
import { PgTemplateStore } from './postgres/templates';
import type { InspectionTemplateInput, TemplateStore } from './templates';

const STORES = bothStores<TemplateStore>({ sqlite: (db) => new SqliteTemplateStore(db), postgres: (db) => new PgTemplateStore(db) });

const STAMP = { at: '2026-05-01T08:00:00.000Z', by: 'planner' };
let made = 0;
/** A template no other case has. */
function input(target: InspectionTemplateInput['target'] = 'zones'): InspectionTemplateInput {
	made += 1;
	return {
		name: { zh: `检查表 ${made}`, en: `Checklist ${made}` },
		target,
		cadence: 'weekly',
		items: [
			{ key: 'litter', label: { zh: '无垃圾', en: 'No litter' }, maxPoints: 10, photoRequired: true },
			{ key: 'bins', label: { zh: '垃圾桶', en: 'Bins' }, maxPoints: 5, photoRequired: false }
		]
	};
}

describe.each(STORES)('the $name template store', ({ open }) => {
	const store = openedFor(open);

	describe('in a new project', () => {
		const empty = openedFor(open);

		it('stores the defaults once, even when two servers start together', async () => {
			expect(await empty.here.list()).toEqual([]);
			const stored = await Promise.all([empty.here.insertIfEmpty(DEFAULT_TEMPLATES, STAMP), empty.there.insertIfEmpty(DEFAULT_TEMPLATES, STAMP)]);
			expect(stored.filter(Boolean)).toHaveLength(1);
			const list = await empty.here.list();
			expect(list.map(({ id: _id, ...t }) => t)).toEqual(DEFAULT_TEMPLATES.map((t) => ({ version: 1, ...t })));
			expect(list.map((t) => t.id)).toEqual([...list.map((t) => t.id)].sort((a, b) => a - b));
			expect(await empty.there.insertIfEmpty([input()], STAMP)).toBe(false);
			expect(await empty.here.list()).toEqual(list);
		});
	});

	it('creates a template at version 1 with a new id, read back whole', async () => {
		const t = input('shops');
		const created = await store.here.create(t, STAMP);
		expect(created).toEqual({ id: expect.any(Number), version: 1, ...t });
		const again = await store.there.create(input(), STAMP);
		expect(again.id).not.toBe(created.id);
		expect(await store.here.get(created.id)).toEqual(created);
		expect(await store.there.version(created.id, 1)).toEqual(created);
		expect(await store.here.list()).toContainEqual(created);
	});

	it('stores only the members of a template', async () => {
		const t = input();
		const created = await store.here.create({ ...t, colour: 'red' } as InspectionTemplateInput, STAMP);
		expect(await store.here.get(created.id)).toEqual({ id: created.id, version: 1, ...t });
	});

	it('answers undefined for a template or a version that does not exist', async () => {
		const { id } = await store.here.create(input(), STAMP);
		expect(await store.here.get(id + 1000)).toBeUndefined();
		expect(await store.here.version(id, 2)).toBeUndefined();
		expect(await store.here.version(id, 0)).toBeUndefined();
		expect(await store.here.version(id + 1000, 1)).toBeUndefined();
		for (const odd of [Number.NaN, 1.5, 2 ** 40, -(2 ** 40)]) {
			expect(await store.here.get(odd)).toBeUndefined();
			expect(await store.here.version(id, odd)).toBeUndefined();
		}
	});

	it('appends a version over the current one and keeps the old one as it was', async () => {
		const first = await store.here.create(input(), STAMP);
		const next = { ...first, name: { zh: '新名', en: 'New name' }, cadence: 'monthly' as const };
		const { id: _id, version: _v, ...definition } = next;
		const outcome = await store.there.appendVersion(first.id, 1, definition, { at: '2026-05-02T08:00:00.000Z', by: 'admin' });
		expect(outcome).toEqual({ ok: true, template: { ...next, version: 2 } });
		expect(await store.here.get(first.id)).toEqual({ ...next, version: 2 });
		expect(await store.here.version(first.id, 1)).toEqual(first);
		expect(await store.here.version(first.id, 2)).toEqual({ ...next, version: 2 });
		expect((await store.here.list()).find((t) => t.id === first.id)).toEqual({ ...next, version: 2 });
	});

	it('refuses a version based on one that is not current, storing nothing', async () => {
		const first = await store.here.create(input(), STAMP);
		const { id: _id, version: _v, ...definition } = first;
		const second = await store.here.appendVersion(first.id, 1, { ...definition, cadence: 'monthly' }, STAMP);
		expect(second.ok).toBe(true);
		for (const basedOn of [1, 3]) {
			const outcome = await store.there.appendVersion(first.id, basedOn, { ...definition, cadence: 'quarterly' }, STAMP);
			expect(outcome).toEqual({ ok: false, reason: 'stale', current: { ...first, version: 2, cadence: 'monthly' } });
		}
		expect(await store.here.version(first.id, 3)).toBeUndefined();
		expect(await store.here.get(first.id)).toMatchObject({ version: 2, cadence: 'monthly' });
	});

	it('refuses a version of a template that does not exist', async () => {
		const { id, version: _v, ...definition } = await store.here.create(input(), STAMP);
		expect(await store.here.appendVersion(id + 1000, 1, definition, STAMP)).toEqual({ ok: false, reason: 'not-found' });
		expect(await store.here.appendVersion(2 ** 40, 1, definition, STAMP)).toEqual({ ok: false, reason: 'not-found' });
	});

	it('of two edits based on the same version, stores one and refuses the other', async () => {
		const first = await store.here.create(input(), STAMP);
		const { id: _id, version: _v, ...definition } = first;
		const outcomes = await Promise.all(
			(['monthly', 'quarterly'] as const).map((cadence, i) => [store.here, store.there][i].appendVersion(first.id, 1, { ...definition, cadence }, STAMP))
		);
		const won = outcomes.filter((o) => o.ok);
		expect(won).toHaveLength(1);
		const winner = won[0].ok ? won[0].template : undefined;
		expect(outcomes.filter((o) => !o.ok)).toEqual([{ ok: false, reason: 'stale', current: winner }]);
		expect(await store.here.get(first.id)).toEqual(winner);
		expect(await store.here.version(first.id, 3)).toBeUndefined();
	});

	it('under the service: a stale edit is a conflict that carries the template as it is now', async () => {
		const service = new InspectionTemplateService(store.here, () => new Date(STAMP.at));
		const created = await service.create(input(), 'planner');
		const edited = await service.update(created.id, { version: 1, cadence: 'monthly' }, 'admin');
		expect(edited).toMatchObject({ id: created.id, version: 2, cadence: 'monthly', target: created.target });
		const refusal = await service.update(created.id, { version: 1, cadence: 'quarterly' }, 'admin').catch((e: unknown) => e);
		expect(refusal).toBeInstanceOf(ServiceError);
		expect(refusal).toMatchObject({ reason: 'conflict', details: { current: edited } });
		await expect(service.require(created.id + 1000)).rejects.toMatchObject({ reason: 'not-found', code: 'inspection.template.not-found' });
	});
});
