import { describe, expect, it } from 'vitest';
import { memoryOutboxStore, Outbox, resolveEntry, type ResolvedRequest, type SendOutcome } from './outbox';

/** A server stand-in that answers each request with the next scripted outcome and records what it got. */
function scripted(...outcomes: SendOutcome[]) {
	const got: ResolvedRequest[] = [];
	const send = async (r: ResolvedRequest) => {
		got.push(r);
		return outcomes.shift() ?? { kind: 'ok' as const, status: 200, body: {} };
	};
	return { got, send };
}

const patch = (id: number, version: number, properties: Record<string, unknown>) => ({
	method: 'PATCH' as const,
	url: `/api/collections/bins/items/${id}`,
	body: { properties },
	ifMatch: version,
	label: 'field.outbox.kinds.edit'
});

describe('Outbox', () => {
	it('sends in order and removes each entry only after a 2xx', async () => {
		const server = scripted({ kind: 'ok', status: 200, body: { id: 1 } }, { kind: 'ok', status: 200, body: { id: 2 } });
		const outbox = new Outbox(memoryOutboxStore(), server.send);
		await outbox.enqueue(patch(1, 1, { capacityL: 120 }));
		await outbox.enqueue(patch(2, 4, { status: 'damaged' }));
		const r = await outbox.flush();
		expect(r.sent.length).toBe(2);
		expect(server.got.map((g) => [g.url, g.headers['if-match'], g.body])).toEqual([
			['/api/collections/bins/items/1', '"1"', '{"properties":{"capacityL":120}}'],
			['/api/collections/bins/items/2', '"4"', '{"properties":{"status":"damaged"}}']
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
		expect(online.sent.map((s) => s.entry.url)).toEqual(['/api/collections/bins/items/1', '/api/collections/bins/items/2']);
	});

	it('stops at a conflict, keeps the edit and its rival, and re-sends on the new version when the user keeps theirs… or mine', async () => {
		const current = { id: 1, version: 3, properties: { capacityL: 60 } };
		const server = scripted({ kind: 'refused', error: { status: 409, code: 'conflict', message: 'changed', details: { current } } });
		const outbox = new Outbox(memoryOutboxStore(), server.send);
		await outbox.enqueue(patch(1, 1, { capacityL: 120 }));
		await outbox.enqueue(patch(2, 1, { capacityL: 240 }));
		const r = await outbox.flush();
		expect(r.stoppedAt?.state).toBe('conflict');
		expect(r.stoppedAt?.error?.details).toEqual({ current });
		// The second edit waits behind the conflict: order is kept.
		expect(server.got.length).toBe(1);
		await outbox.keepMine(r.stoppedAt!.seq, 3);
		await outbox.flush();
		expect(server.got.slice(1).map((g) => [g.url, g.headers['if-match']])).toEqual([
			['/api/collections/bins/items/1', '"3"'],
			['/api/collections/bins/items/2', '"1"']
		]);
		expect(await outbox.entries()).toEqual([]);
	});

	it('keeps a refused edit with the server message until the user discards it', async () => {
		const server = scripted({ kind: 'refused', error: { status: 400, code: 'feature.invalid', message: 'capacityL must be at most 100000.' } });
		const outbox = new Outbox(memoryOutboxStore(), server.send);
		const entry = await outbox.enqueue(patch(1, 1, { capacityL: 1e9 }));
		await outbox.flush();
		await outbox.flush();
		const [kept] = await outbox.entries();
		expect(kept).toMatchObject({ state: 'failed', error: { code: 'feature.invalid', message: 'capacityL must be at most 100000.' } });
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

	it('fills a later entry with what an earlier one answered (a photo id in a report)', async () => {
		const server = scripted({ kind: 'ok', status: 201, body: { id: 'photo-uuid', url: '/api/photos/photo-uuid' } }, { kind: 'ok', status: 201, body: { id: 9, version: 1 } });
		const outbox = new Outbox(memoryOutboxStore(), server.send);
		const photo = await outbox.enqueue({ method: 'POST', url: '/api/photos', blob: new Blob([new Uint8Array([1, 2, 3])], { type: 'image/jpeg' }), label: 'field.outbox.kinds.photo' });
		await outbox.enqueue({
			method: 'POST',
			url: '/api/hotspots/{case}/transition',
			body: { to: 'resolved', version: 2, photoIds: ['{photo}'] },
			refs: { photo: { clientId: photo.clientId, path: 'id' }, case: { clientId: 'earlier-report', path: 'id' } },
			label: 'field.outbox.kinds.close'
		});
		const r = await outbox.flush();
		// The report it refers to is not known: the edit is kept and marked, not sent half-filled.
		expect(r.stoppedAt).toMatchObject({ state: 'failed', error: { code: 'outbox.missing-ref' } });
		expect(server.got.length).toBe(1);
		expect(server.got[0].headers['content-type']).toBe('image/jpeg');
	});

	it('resolves refs in the url, the body and If-Match', async () => {
		const store = memoryOutboxStore();
		await store.putResult('split-1', { features: [{ id: 11, version: 1 }, { id: 12, version: 1 }] });
		const entry = await store.add({
			clientId: 'mark-1',
			createdAt: '',
			state: 'waiting',
			method: 'PATCH',
			url: '/api/collections/road-segments/items/{part}',
			ifMatch: '{partVersion}',
			body: { properties: { hardened: true }, note: '{part}' },
			refs: { part: { clientId: 'split-1', path: 'features.1.id' }, partVersion: { clientId: 'split-1', path: 'features.1.version' } },
			label: 'x'
		});
		const r = await resolveEntry(entry, store);
		expect(r.url).toBe('/api/collections/road-segments/items/12');
		expect(r.headers['if-match']).toBe('"1"');
		expect(JSON.parse(String(r.body))).toEqual({ properties: { hardened: true }, note: 12 });
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
