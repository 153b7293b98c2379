import { describe, expect, it } from 'vitest';
import type { ApiOutcome } from '../api-client';
import { conflictOf, resolveConflict } from '../state/edit-conflict';
import type { UserEdit } from '../state/user-edit';
import { memoryOutboxStore, Outbox, resolveEdit, type ReadyRequest } from './outbox';

/** A server stand-in that answers each request with the next scripted outcome and records what it got. */
function scripted(...outcomes: ApiOutcome<unknown>[]) {
	const got: ReadyRequest[] = [];
	const send = async (r: ReadyRequest) => {
		got.push(structuredClone(r));
		return outcomes.shift() ?? { kind: 'ok' as const, status: 201, body: {} };
	};
	return { got, send };
}

const patch = (id: number, version: number, properties: Record<string, unknown>): { payload: { kind: 'edit'; edit: UserEdit } } => ({
	payload: { kind: 'edit', edit: { label: 'field.outbox.kinds.edit', edits: [{ type: 'patch', collection: 'bins', id, version, feature: { properties } }] } }
});
const editsOf = (got: ReadyRequest[]) => got.map((r) => (r.kind === 'edit' ? r.batch.edits : r.kind));

describe('Outbox', () => {
	it('sends each user-level edit as one batch, in order, and removes it only after a 2xx', async () => {
		const server = scripted({ kind: 'ok', status: 201, body: { features: [{ id: 1 }] } }, { kind: 'ok', status: 201, body: { features: [{ id: 2 }] } });
		const outbox = new Outbox(memoryOutboxStore(), server.send);
		await outbox.enqueue(patch(1, 1, { capacityL: 120 }));
		await outbox.enqueue(patch(2, 4, { status: 'damaged' }));
		const r = await outbox.flush();
		expect(r.sent.map((s) => s.body)).toEqual([{ features: [{ id: 1 }] }, { features: [{ id: 2 }] }]);
		expect(editsOf(server.got)).toEqual([
			[{ type: 'patch', collection: 'bins', id: 1, version: 1, feature: { properties: { capacityL: 120 } } }],
			[{ type: 'patch', collection: 'bins', id: 2, version: 4, feature: { properties: { status: 'damaged' } } }]
		]);
		expect(await outbox.entries()).toEqual([]);
	});

	it('keeps everything when offline and sends it when the connection is back', async () => {
		const server = scripted({ kind: 'offline' });
		const outbox = new Outbox(memoryOutboxStore(), server.send);
		await outbox.enqueue(patch(1, 1, { capacityL: 120 }));
		await outbox.enqueue(patch(2, 1, { capacityL: 240 }));
		const offline = await outbox.flush();
		expect(offline.offline).toBe(true);
		expect((await outbox.entries()).map((e) => e.state)).toEqual(['waiting', 'waiting']);
		const online = await outbox.flush();
		expect(online.sent.map((s) => s.entry.payload.kind === 'edit' && s.entry.payload.edit.edits[0])).toMatchObject([{ id: 1 }, { id: 2 }]);
	});

	it('sends an edit again under the key it was first sent with, whatever happened in between', async () => {
		// The first try's answer is lost; the server stored it, and the key lets it answer the second from that.
		const server = scripted({ kind: 'offline' }, { kind: 'refused', error: { status: 503, code: 'storage.unavailable', message: 'busy' } });
		const outbox = new Outbox(memoryOutboxStore(), server.send);
		const a = await outbox.enqueue(patch(1, 1, { capacityL: 120 }));
		const b = await outbox.enqueue(patch(2, 1, { capacityL: 240 }));
		await outbox.flush();
		await outbox.flush();
		await outbox.flush();
		const keys = server.got.map((r) => (r.kind === 'edit' ? r.key : r.kind));
		expect(keys).toEqual([a.clientId, a.clientId, a.clientId, b.clientId]);
		expect(a.clientId).not.toBe(b.clientId);
		expect(await outbox.entries()).toEqual([]);
	});

	it('stops at a conflict, keeps the edit with the colliding fields, and sends the per-field choice on the current version', async () => {
		const current = { type: 'Feature', id: 1, version: 3, collection: 'bins', geometry: null, properties: { capacityL: 60, status: 'damaged' }, updatedAt: '', updatedBy: 'li' };
		const fields = [{ field: 'capacityL', read: 100, sent: 120, current: 60 }];
		const server = scripted({ kind: 'refused', error: { status: 409, code: 'conflict', message: 'changed', details: { expectedVersion: 1, current, fields } } });
		const outbox = new Outbox(memoryOutboxStore(), server.send);
		await outbox.enqueue(patch(1, 1, { capacityL: 120, name: 'Gate' }));
		await outbox.enqueue(patch(2, 1, { capacityL: 240 }));
		const r = await outbox.flush();
		expect(r.stoppedAt).toMatchObject({ state: 'conflict', error: { details: { current, fields } } });
		// The second edit waits behind the conflict: order is kept.
		expect(server.got.length).toBe(1);

		const stopped = r.stoppedAt!;
		const conflict = conflictOf(stopped.payload.kind === 'edit' ? stopped.payload.edit : (null as never), stopped.error!)!;
		await outbox.resolve(stopped.seq, resolveConflict(conflict, { capacityL: 'theirs' }));
		await outbox.flush();
		expect(editsOf(server.got.slice(1))).toEqual([
			[{ type: 'patch', collection: 'bins', id: 1, version: 3, feature: { properties: { name: 'Gate' } } }],
			[{ type: 'patch', collection: 'bins', id: 2, version: 1, feature: { properties: { capacityL: 240 } } }]
		]);
		expect(await outbox.entries()).toEqual([]);
	});

	it('drops the edit when theirs is kept for everything it changed', async () => {
		const current = { type: 'Feature', id: 1, version: 3, collection: 'bins', geometry: null, properties: { capacityL: 60 }, updatedAt: '', updatedBy: 'li' };
		const server = scripted({ kind: 'refused', error: { status: 409, code: 'conflict', message: 'changed', details: { expectedVersion: 1, current, fields: [{ field: 'capacityL', read: 100, sent: 120, current: 60 }] } } });
		const outbox = new Outbox(memoryOutboxStore(), server.send);
		await outbox.enqueue(patch(1, 1, { capacityL: 120 }));
		const { stoppedAt } = await outbox.flush();
		const conflict = conflictOf((stoppedAt!.payload as { edit: UserEdit }).edit, stoppedAt!.error!)!;
		await outbox.resolve(stoppedAt!.seq, resolveConflict(conflict, { capacityL: 'theirs' }));
		expect(await outbox.entries()).toEqual([]);
	});

	it('keeps a refused edit with the server message until the user discards it', async () => {
		const server = scripted({ kind: 'refused', error: { status: 400, code: 'feature.invalid', message: 'Edit 0: capacityL must be at most 100000.' } });
		const outbox = new Outbox(memoryOutboxStore(), server.send);
		const entry = await outbox.enqueue(patch(1, 1, { capacityL: 1e9 }));
		await outbox.flush();
		await outbox.flush();
		const [kept] = await outbox.entries();
		expect(kept).toMatchObject({ state: 'failed', error: { code: 'feature.invalid', message: 'Edit 0: capacityL must be at most 100000.' } });
		expect(server.got.length).toBe(1);
		await outbox.discard(entry.seq);
		expect(await outbox.entries()).toEqual([]);
	});

	it('waits out a server error or a lapsed sign-in without asking the user', async () => {
		const server = scripted({ kind: 'refused', error: { status: 503, code: 'storage.unavailable', message: 'busy' } }, { kind: 'refused', error: { status: 401, code: 'auth.required', message: 'sign in' } });
		const outbox = new Outbox(memoryOutboxStore(), server.send);
		await outbox.enqueue(patch(1, 1, { capacityL: 120 }));
		await outbox.flush();
		await outbox.flush();
		expect((await outbox.entries())[0]).toMatchObject({ state: 'waiting', error: { code: 'auth.required' } });
		await outbox.flush();
		expect(await outbox.entries()).toEqual([]);
	});

	it('uploads a photo first and puts its id into the edit that names it', async () => {
		const server = scripted({ kind: 'ok', status: 201, body: { id: 'photo-uuid', url: '/api/photos/photo-uuid' } });
		const outbox = new Outbox(memoryOutboxStore(), server.send);
		const photo = await outbox.enqueue({ payload: { kind: 'photo', blob: new Blob([new Uint8Array([1, 2, 3])], { type: 'image/jpeg' }), contentType: 'image/jpeg' } });
		await outbox.enqueue({
			payload: { kind: 'edit', edit: { label: 'field.outbox.kinds.close', edits: [{ type: 'move-case', id: 9, version: 2, to: 'resolved', note: 'swept', photoIds: ['photo:stand-in'] }] } },
			refs: { '0.photoIds.0': { clientId: photo.clientId, path: 'id' } }
		});
		await outbox.flush();
		expect(server.got[0]).toMatchObject({ kind: 'photo', contentType: 'image/jpeg' });
		expect(editsOf(server.got.slice(1))).toEqual([[{ type: 'move-case', id: 9, version: 2, to: 'resolved', note: 'swept', photoIds: ['photo-uuid'] }]]);
	});

	it('keeps an edit whose earlier answer is gone, marked, instead of sending it half-filled', async () => {
		const server = scripted();
		const outbox = new Outbox(memoryOutboxStore(), server.send);
		await outbox.enqueue({
			payload: { kind: 'edit', edit: { label: 'x', edits: [{ type: 'move-case', id: 9, version: 2, to: 'resolved', note: 'n', photoIds: ['photo:stand-in'] }] } },
			refs: { '0.photoIds.0': { clientId: 'discarded-photo', path: 'id' } }
		});
		const r = await outbox.flush();
		expect(r.stoppedAt).toMatchObject({ state: 'failed', error: { code: 'outbox.missing-ref' } });
		expect(server.got).toEqual([]);
	});

	it('keeps the version an edit holds when the earlier edit it would take a newer one from was dropped', async () => {
		const server = scripted();
		const outbox = new Outbox(memoryOutboxStore(), server.send);
		await outbox.enqueue({ ...patch(4, 2, { status: 'damaged' }), refs: { '0.version': { clientId: 'discarded-edit', path: 'features.0.version', optional: true } } });
		await outbox.flush();
		expect(editsOf(server.got)).toEqual([[{ type: 'patch', collection: 'bins', id: 4, version: 2, feature: { properties: { status: 'damaged' } } }]]);
	});

	it('takes the id and the version of a feature an earlier edit created or changed from its answer', async () => {
		const store = memoryOutboxStore();
		await store.putResult('split-1', { features: [{ id: 5, version: 3, deleted: true }, { id: 11, version: 1 }, { id: 12, version: 1 }] });
		const entry = await store.add({
			clientId: 'mark-1',
			createdAt: '',
			state: 'waiting',
			payload: { kind: 'edit', edit: { label: 'x', edits: [{ type: 'patch', collection: 'road-segments', id: -2, version: 1, feature: { properties: { hardened: true } } }] } },
			refs: { '0.id': { clientId: 'split-1', path: 'features.2.id' }, '0.version': { clientId: 'split-1', path: 'features.2.version' } }
		});
		expect((await resolveEdit(entry, store)).edits).toEqual([{ type: 'patch', collection: 'road-segments', id: 12, version: 1, feature: { properties: { hardened: true } } }]);
		// The entry itself still holds what was queued.
		expect(entry.payload.kind === 'edit' && entry.payload.edit.edits[0]).toMatchObject({ id: -2 });
	});

	it('keeps a conflict about the edit as it was sent, its refs filled in', async () => {
		const current = { type: 'Feature', id: 4, version: 5, collection: 'bins', geometry: null, properties: {}, updatedAt: '', updatedBy: 'li' };
		const server = scripted(
			{ kind: 'ok', status: 201, body: { features: [{ id: 4, version: 2 }] } },
			{ kind: 'refused', error: { status: 409, code: 'conflict', message: 'changed', details: { expectedVersion: 2, current, fields: [] } } }
		);
		const outbox = new Outbox(memoryOutboxStore(), server.send);
		const first = await outbox.enqueue(patch(4, 1, { capacityL: 120 }));
		await outbox.enqueue({ ...patch(4, 1, { status: 'damaged' }), refs: { '0.version': { clientId: first.clientId, path: 'features.0.version' } } });
		const { stoppedAt } = await outbox.flush();
		expect(stoppedAt).toMatchObject({ state: 'conflict', payload: { edit: { edits: [{ version: 2 }] } } });
		expect(stoppedAt!.refs).toBeUndefined();
	});
});

describe('Outbox across tabs', () => {
	it('sends an entry once when two outboxes share one store', async () => {
		const store = memoryOutboxStore();
		const server = scripted();
		let chain = Promise.resolve();
		// A lock like the Web Locks the field page uses: one flush at a time.
		const exclusive = <T>(fn: () => Promise<T>) => {
			const run = chain.then(fn);
			chain = run.then(
				() => undefined,
				() => undefined
			);
			return run;
		};
		const tabA = new Outbox(store, server.send, exclusive);
		const tabB = new Outbox(store, server.send, exclusive);
		await tabA.enqueue(patch(1, 1, { capacityL: 120 }));
		await Promise.all([tabA.flush(), tabB.flush()]);
		expect(server.got.length).toBe(1);
	});
});
