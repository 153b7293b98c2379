/**
 * The concurrency contract at the repository level, as a property: random interleavings of edits,
 * moves, deletes, multi-feature edits and undos by several clients who each act on what they last
 * read (often stale), run against a real SQLite file and against a plain model of what must
 * happen. Every write based on the current version succeeds. A stale edit or move is merged when
 * the field it changes (the name, or the geometry) was not changed since the version it names, and
 * refused with the current state, writing nothing, when it was: merges never lose an acknowledged
 * value and never merge overlapping changes. A stale delete is always refused; an undo goes through
 * only when none of its features changed since; each feature's history is a total order, versions 1..n.
 */
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/lib/server/db';
import { ChangesetRepository } from '../../src/lib/server/repositories/changesets';
import type { Change } from '../../src/lib/domain/edits/change';
import { RevertConflictError, VersionConflictError } from '../../src/lib/server/repositories/errors';

interface State {
	name: string;
	lon: number;
	deleted: boolean;
}

/** The model: each feature's every state, version k at index k - 1, and each changeset's (feature, version) pairs. */
interface Model {
	history: Map<number, State[]>;
	changesets: { id: number; versions: [number, number][] }[];
}

type Op =
	| { t: 'create'; client: number; name: string; lon: number }
	| { t: 'read'; client: number; f: number }
	| { t: 'edit'; client: number; f: number; name: string }
	| { t: 'move'; client: number; f: number; lon: number }
	| { t: 'delete'; client: number; f: number }
	| { t: 'editTwo'; client: number; f: number; g: number; name: string }
	| { t: 'revert'; client: number; c: number };

const CLIENTS = 3;
const client = fc.integer({ min: 0, max: CLIENTS - 1 });
const pick = fc.nat(1000);
const name = fc.constantFrom('东门', 'north gate', 'alley 3', "O'Brien; DROP TABLE", '');
const lon = fc.integer({ min: 0, max: 999 }).map((n) => 116.3 + n / 100_000);
const op: fc.Arbitrary<Op> = fc.oneof(
	{ weight: 2, arbitrary: fc.record({ t: fc.constant('create' as const), client, name, lon }) },
	{ weight: 2, arbitrary: fc.record({ t: fc.constant('read' as const), client, f: pick }) },
	{ weight: 4, arbitrary: fc.record({ t: fc.constant('edit' as const), client, f: pick, name }) },
	{ weight: 2, arbitrary: fc.record({ t: fc.constant('move' as const), client, f: pick, lon }) },
	{ weight: 1, arbitrary: fc.record({ t: fc.constant('delete' as const), client, f: pick }) },
	{ weight: 1, arbitrary: fc.record({ t: fc.constant('editTwo' as const), client, f: pick, g: pick, name }) },
	{ weight: 2, arbitrary: fc.record({ t: fc.constant('revert' as const), client, c: pick }) }
);

const dir = mkdtempSync(join(tmpdir(), 'sanimap-model-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let run = 0;

const point = (x: number) => ({ type: 'Point' as const, coordinates: [x, 40] });
const current = (m: Model, id: number) => m.history.get(id)!.at(-1)!;
const versionOf = (m: Model, id: number) => m.history.get(id)!.length;

async function outcome(fn: () => Promise<unknown>): Promise<'ok' | 'conflict' | 'revert-conflict'> {
	try {
		await fn();
		return 'ok';
	} catch (e) {
		if (e instanceof VersionConflictError) return 'conflict';
		if (e instanceof RevertConflictError) return 'revert-conflict';
		throw e;
	}
}

async function runScenario(ops: Op[]) {
	const db = openDatabase(join(dir, `model-${++run}.db`));
	const repo = new ChangesetRepository(db);
	const model: Model = { history: new Map(), changesets: [] };
	/** What each client last read: feature id → version. Writes are based on it. */
	const seen: Map<number, number>[] = Array.from({ length: CLIENTS }, () => new Map());
	const ids = () => [...model.history.keys()];
	const ctx = (c: number) => ({ author: `client${c}`, source: 'api' as const });

	/**
	 * Whether the model accepts a change: a create always; a delete only on the current version; an
	 * update on the current version, or on an older one when the field it sets kept its value since
	 * (or already has the value it sets).
	 */
	const accepts = (o: Change): boolean => {
		if (o.op === 'create') return true;
		const now = current(model, o.id);
		if (now.deleted) return false;
		if (versionOf(model, o.id) === o.baseVersion) return true;
		if (o.op !== 'update') return false;
		const base = model.history.get(o.id)![o.baseVersion - 1];
		if (o.properties && 'name' in o.properties) return o.properties.name === now.name || base.name === now.name;
		const lon = (o.geometry as { coordinates: number[] }).coordinates[0];
		return lon === now.lon || base.lon === now.lon;
	};

	/** Applies ops as one changeset; checks the repository agrees with the model on success or conflict. */
	const write = async (c: number, ops: Change[], next: [number, State][]) => {
		const expectOk = ops.every(accepts);
		const before = db.$client.prepare('SELECT count(*) FROM feature_versions').pluck().get();
		let applied: Awaited<ReturnType<ChangesetRepository['apply']>> | undefined;
		const got = await outcome(async () => (applied = await repo.apply(ctx(c), ops)));
		expect(got, JSON.stringify(ops)).toBe(expectOk ? 'ok' : 'conflict');
		if (!applied) {
			// A refused write leaves no trace.
			expect(db.$client.prepare('SELECT count(*) FROM feature_versions').pluck().get()).toBe(before);
			for (const o of ops) if (o.op !== 'create') seen[c].set(o.id, versionOf(model, o.id));
			return;
		}
		const versions: [number, number][] = [];
		applied!.results.forEach((r, i) => {
			const id = r.id;
			const state = next[i][1];
			if (!model.history.has(id)) model.history.set(id, []);
			model.history.get(id)!.push(state);
			expect(r.version).toBe(versionOf(model, id));
			seen[c].set(id, r.version);
			versions.push([id, r.version]);
		});
		model.changesets.push({ id: applied!.changeset.id, versions });
	};

	for (const o of ops) {
		const all = ids();
		const f = 'f' in o && all.length ? all[o.f % all.length] : undefined;
		switch (o.t) {
			case 'create':
				await write(o.client, [{ op: 'create', kind: 'bin', geometry: point(o.lon), properties: { name: o.name } }], [[0, { name: o.name, lon: o.lon, deleted: false }]]);
				break;
			case 'read':
				if (f !== undefined) seen[o.client].set(f, versionOf(model, f));
				break;
			case 'edit':
			case 'move':
			case 'delete': {
				if (f === undefined) break;
				const base = seen[o.client].get(f) ?? versionOf(model, f);
				const now = current(model, f);
				if (o.t === 'edit') await write(o.client, [{ op: 'update', id: f, baseVersion: base, properties: { name: o.name } }], [[f, { ...now, name: o.name }]]);
				else if (o.t === 'move') await write(o.client, [{ op: 'update', id: f, baseVersion: base, geometry: point(o.lon) }], [[f, { ...now, lon: o.lon }]]);
				else await write(o.client, [{ op: 'delete', id: f, baseVersion: base }], [[f, { ...now, deleted: true }]]);
				break;
			}
			case 'editTwo': {
				if (all.length < 2) break;
				const a = all[o.f % all.length];
				const b = all[(o.f + 1 + (o.g % (all.length - 1))) % all.length];
				const ops2: Change[] = [a, b].map((id) => ({ op: 'update', id, baseVersion: seen[o.client].get(id) ?? versionOf(model, id), properties: { name: o.name } }));
				await write(o.client, ops2, [a, b].map((id) => [id, { ...current(model, id), name: o.name }]));
				break;
			}
			case 'revert': {
				if (model.changesets.length === 0) break;
				const target = model.changesets[o.c % model.changesets.length];
				const expectOk = target.versions.every(([id, v]) => versionOf(model, id) === v);
				let applied: Awaited<ReturnType<ChangesetRepository['revert']>> | undefined;
				const got = await outcome(async () => (applied = await repo.revert(target.id, ctx(o.client))));
				expect(got, `revert of ${target.id}`).toBe(expectOk ? 'ok' : 'revert-conflict');
				if (!applied) break;
				const versions: [number, number][] = [];
				for (const [id, v] of target.versions) {
					const hist = model.history.get(id)!;
					// The state before that version; before version 1 the feature did not exist: undone = deleted.
					const back = v === 1 ? { ...hist.at(-1)!, deleted: true } : hist[v - 2].deleted ? { ...hist.at(-1)!, deleted: true } : hist[v - 2];
					hist.push(back);
					versions.push([id, hist.length]);
				}
				expect(applied!.results.map((r) => [r.id, r.version])).toEqual(versions);
				model.changesets.push({ id: applied!.changeset.id, versions });
				break;
			}
		}
	}

	// The file agrees with the model: current states and every version of every feature, in order.
	const rows = db.$client.prepare('SELECT id, version, properties, geometry, deleted_at FROM features ORDER BY id').all() as {
		id: number; version: number; properties: string; geometry: string; deleted_at: string | null;
	}[];
	expect(rows.map((r) => r.id)).toEqual(ids());
	const versionsOf = db.$client.prepare('SELECT version, action, properties, geometry FROM feature_versions WHERE feature_id = ? ORDER BY id');
	for (const r of rows) {
		const hist = model.history.get(r.id)!;
		expect(r.version).toBe(hist.length);
		expect(r.deleted_at !== null).toBe(hist.at(-1)!.deleted);
		const stored = versionsOf.all(r.id) as { version: number; action: string; properties: string; geometry: string }[];
		// A total order per feature: 1..n, each exactly once, in the order they were written.
		expect(stored.map((s) => s.version)).toEqual(hist.map((_, i) => i + 1));
		stored.forEach((s, i) => {
			expect(s.action === 'delete', `feature ${r.id} v${i + 1}`).toBe(hist[i].deleted);
			if (!hist[i].deleted) {
				expect(JSON.parse(s.properties).name).toBe(hist[i].name);
				expect(JSON.parse(s.geometry).coordinates[0]).toBe(hist[i].lon);
			}
		});
	}
	db.$client.close();
}

describe('concurrency contract (model-based, fast-check)', () => {
	it('no lost update, stale writes merged only when their fields were untouched, stale undos refused, history a total order per feature', async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(op, { minLength: 5, maxLength: 60 }), (ops) => runScenario(ops)),
			{ numRuns: Number(process.env.SANIMAP_MODEL_RUNS ?? 100) }
		);
	});

	it('a stale multi-feature edit writes none of its features', async () => {
		await runScenario([
			{ t: 'create', client: 0, name: 'a', lon: 116.3 },
			{ t: 'create', client: 0, name: 'b', lon: 116.31 },
			{ t: 'read', client: 1, f: 0 },
			{ t: 'read', client: 1, f: 1 },
			{ t: 'edit', client: 0, f: 1, name: 'b2' },
			// client 1 still has b at version 1, and its name changed since: both edits are refused, a keeps its name.
			{ t: 'editTwo', client: 1, f: 0, g: 0, name: 'lost?' }
		]);
	});

	it('a stale move of a feature whose name changed since is merged; a stale rename after another rename is refused', async () => {
		await runScenario([
			{ t: 'create', client: 0, name: 'a', lon: 116.3 },
			{ t: 'read', client: 1, f: 0 },
			{ t: 'edit', client: 0, f: 0, name: 'a2' },
			// client 1 still has version 1; it moves the feature: merged, the name a2 is kept.
			{ t: 'move', client: 1, f: 0, lon: 116.301 },
			{ t: 'read', client: 2, f: 0 },
			{ t: 'edit', client: 0, f: 0, name: 'a3' },
			// client 2 read version 3 (a2); renaming from there collides with a3: refused.
			{ t: 'edit', client: 2, f: 0, name: 'a4' }
		]);
	});
});
