/**
 * The concurrency contract over HTTP on the real server: many clients editing the same feature at
 * once. For each version exactly one write wins; every other gets 409 with the current feature;
 * nothing is lost or written twice; the history is versions 1..n in order. An undo whose features
 * changed since is refused with a message that says why.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, expectApiError, point, type ApiClient } from '../api/api-client';
import { type RunningServer } from '../helpers/server';
import { startSafetyServer } from './support';

let server: RunningServer;
let clients: ApiClient[];
const CLIENTS = 12;

beforeAll(async () => {
	server = await startSafetyServer();
	const token = await server.login();
	// Several people at once: admin plus field staff, each with their own session.
	const field = await Promise.all(Array.from({ length: 3 }, (_, i) => server.createUser(`field${i}`, 'field')));
	const tokens = [token, ...field.map((u) => u.token)];
	clients = Array.from({ length: CLIENTS }, (_, i) => apiClient(server.url, tokens[i % tokens.length]));
});

afterAll(() => server?.stop());

const item = (id: number) => `/api/collections/bins/items/${id}`;

describe('many clients on the same feature', () => {
	it('lets exactly one write win per version; the rest get 409 with the current feature', async () => {
		const bin = await clients[0].create('bins', point(116.31, 40.01), { name: 'start' });
		const rounds = 8;
		for (let round = 1; round <= rounds; round++) {
			const answers = await Promise.all(
				clients.map((c, i) => c.patch(item(bin.id), { properties: { name: `r${round}-c${i}` } }, { 'if-match': `"${round}"` }))
			);
			const winners = answers.filter((a) => a.status === 200);
			const losers = answers.filter((a) => a.status !== 200);
			expect(winners, `round ${round}`).toHaveLength(1);
			expect(winners[0].body.version).toBe(round + 1);
			for (const l of losers) {
				expectApiError(l, 409, 'conflict');
				// The loser learns what is stored now: the winner's edit, at the new version.
				expect(l.body.details.current.version).toBe(round + 1);
				expect(l.body.details.current.properties.name).toBe(winners[0].body.properties.name);
				expect(l.body.details.expectedVersion).toBe(round);
			}
		}
		const history = await clients[0].get(`${item(bin.id)}/history`);
		expect(history.status).toBe(200);
		const versions = (history.body.versions ?? history.body) as { version: number; properties: { name: string } }[];
		expect(versions.map((v) => v.version)).toEqual(Array.from({ length: rounds + 1 }, (_, i) => i + 1));
		const stored = await clients[0].get(item(bin.id));
		expect(stored.body.version).toBe(rounds + 1);
		expect(stored.body.properties.name).toBe(versions.at(-1)!.properties.name);
	});

	it('lets one of many racing deletes and edits win, never both; every loser gets 409', async () => {
		for (let round = 0; round < 5; round++) {
			const bin = await clients[0].create('bins', point(116.32, 40.02 + round / 1000));
			const answers = await Promise.all(
				clients.map((c, i) => (i % 2 === 0 ? c.del(item(bin.id), { 'if-match': '"1"' }) : c.patch(item(bin.id), { properties: { name: `c${i}` } }, { 'if-match': '"1"' })))
			);
			const winners = answers.filter((a) => a.status === 200);
			expect(winners).toHaveLength(1);
			const deleted = winners[0].body.deleted === true;
			for (const a of answers.filter((x) => x.status !== 200)) {
				// The same answer however late the loser comes: 409, never 404 for a feature that existed.
				expectApiError(a, 409, 'conflict');
				if (deleted) {
					expect(a.body.details.current, a.text).toBeNull();
					expect(a.body.message).toBe('This feature was deleted by someone else. Nothing was saved.');
				} else expect(a.body.details.current.version, a.text).toBe(2);
			}
			const history = await clients[0].get(`${item(bin.id)}/history`);
			expect((history.body.versions ?? history.body).map((v: { version: number }) => v.version)).toEqual([1, 2]);
		}
	});

	it('answers an edit that arrives after the delete 409 with current: null, as one racing it does', async () => {
		for (let round = 0; round < 5; round++) {
			const bin = await clients[0].create('bins', point(116.325, 40.02 + round / 1000));
			// Some edits are sent with the delete, the rest once it has been answered.
			const racing = clients.slice(1, 6).map((c, i) => c.patch(item(bin.id), { properties: { name: `racing ${i}` } }, { 'if-match': '"1"' }));
			const del = await clients[0].del(item(bin.id), { 'if-match': '"1"' });
			const late = await Promise.all(clients.slice(6).map((c, i) => c.patch(item(bin.id), { properties: { name: `late ${i}` } }, { 'if-match': '"1"' })));
			const early = await Promise.all(racing);
			const answers = [del, ...early, ...late];
			expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
			for (const a of late) {
				expectApiError(a, 409, 'conflict');
				if (del.status === 200) expect(a.body.details.current).toBeNull();
			}
			for (const a of answers.filter((x) => x.status !== 200)) expect(a.status, a.text).toBe(409);
		}
	});

	it('counts every accepted edit: parallel clients retrying on 409 lose nothing', async () => {
		// Each client appends its mark to a list property by read-modify-write with If-Match, retrying on 409.
		const board = await clients[0].create('bins', point(116.33, 40.03), { name: '' });
		await Promise.all(
			clients.slice(0, 6).map(async (c, i) => {
				for (let tries = 0; ; tries++) {
					expect(tries).toBeLessThan(50);
					const now = await c.get(item(board.id));
					const res = await c.patch(item(board.id), { properties: { name: `${now.body.properties.name ?? ''}[${i}]` } }, { 'if-match': `"${now.body.version}"` });
					if (res.status === 200) return;
					expect(res.status, res.text).toBe(409);
				}
			})
		);
		const final = await clients[0].get(item(board.id));
		const marks = (final.body.properties.name as string).match(/\[\d+\]/g)!.sort();
		expect(marks).toEqual(['[0]', '[1]', '[2]', '[3]', '[4]', '[5]']);
		expect(final.body.version).toBe(7);
	});
});

describe('undo after others changed the feature', () => {
	it('refuses the undo with 409 revert.conflict naming what changed, and writes nothing', async () => {
		const [a, b] = clients;
		const bin = await a.create('bins', point(116.34, 40.04), { name: 'mine' });
		const myEdit = await a.patch(item(bin.id), { properties: { name: 'my edit' } }, { 'if-match': '"1"' });
		const theirs = await b.patch(item(bin.id), { properties: { name: 'their later edit' } }, { 'if-match': '"2"' });
		expect(theirs.status).toBe(200);
		const before = await a.snapshot();

		const undo = await a.post(`/api/changesets/${myEdit.body.changesetId}/revert`, {});
		expectApiError(undo, 409, 'revert.conflict');
		expect(undo.body.message).toMatch(/changed since/);
		expect(undo.body.details.changed).toEqual([{ featureId: bin.id, expectedVersion: 2, currentVersion: 3 }]);
		expect(await a.snapshot()).toEqual(before);
	});

	it('lets only one of many parallel undos of the same changeset through', async () => {
		const bin = await clients[0].create('bins', point(116.35, 40.05));
		const edit = await clients[0].patch(item(bin.id), { properties: { name: 'to undo' } }, { 'if-match': '"1"' });
		const answers = await Promise.all(clients.map((c) => c.post(`/api/changesets/${edit.body.changesetId}/revert`, {})));
		expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
		for (const a of answers.filter((x) => x.status !== 201)) expectApiError(a, 409, 'revert.conflict');
		const history = await clients[0].get(`${item(bin.id)}/history`);
		expect((history.body.versions ?? history.body).map((v: { version: number }) => v.version)).toEqual([1, 2, 3]);
	});
});
