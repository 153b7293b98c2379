/**
 * Backups taken while the server writes: `cli backup` copies a consistent snapshot (the SQLite
 * backup API), `cli restore` checks it and puts it in place, and a server started on the restored
 * file has every write acknowledged before the backup began, with its history.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { apiClient, point } from '../api/api-client';
import { appRoot, type RunningServer } from '../helpers/server';
import { checkFile, startSafetyServer } from './support';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'sanimap-backup-'));
const servers: RunningServer[] = [];
afterAll(async () => {
	await Promise.all(servers.map((s) => s.stop()));
	rmSync(dir, { recursive: true, force: true });
});

/** `npm run --silent cli -- …`, without npm in between: stdout parsed as the command's JSON. */
async function cli(...args: string[]): Promise<{ code: number; json: any; stderr: string }> {
	try {
		const { stdout, stderr } = await run(process.execPath, [join(appRoot, 'node_modules/tsx/dist/cli.mjs'), join(appRoot, 'src/cli/main.ts'), ...args], { cwd: appRoot });
		return { code: 0, json: JSON.parse(stdout), stderr };
	} catch (e) {
		const err = e as { code: number; stdout: string; stderr: string };
		return { code: err.code, json: null, stderr: err.stderr };
	}
}

describe('backup and restore under load', () => {
	it('backs up a consistent snapshot while clients write, and the restored file has every earlier write', { timeout: 300_000 }, async () => {
		const server = await startSafetyServer({ seed: true });
		servers.push(server);
		const api = apiClient(server.url, await server.login());
		const acked: { id: number; version: number; at: number }[] = [];
		let writing = true;
		const writer = async (n: number) => {
			let i = 0;
			while (writing) {
				const created = await api.post('/api/collections/bins/items', { geometry: point(116.3 + (i % 50) / 1000, 40 + n / 100), properties: { name: `w${n}-${i++}` } });
				expect(created.status, created.text).toBe(201);
				acked.push({ id: created.body.id, version: 1, at: Date.now() });
				const edited = await api.patch(`/api/collections/bins/items/${created.body.id}`, { properties: { name: `w${n}-${i++}` } }, { 'if-match': '"1"' });
				expect(edited.status, edited.text).toBe(200);
				acked.push({ id: created.body.id, version: 2, at: Date.now() });
			}
		};
		const writers = [writer(0), writer(1), writer(2)];
		while (acked.length < 20) await new Promise((r) => setTimeout(r, 50));

		const out = join(dir, 'under-load.db');
		const started = Date.now();
		const backup = await cli('backup', '--db', server.dbPath, '--out', out);
		const writtenDuring = acked.filter((a) => a.at >= started).length;
		writing = false;
		await Promise.all(writers);

		expect(backup.code, backup.stderr).toBe(0);
		expect(backup.json).toMatchObject({ out, check: { ok: true, issues: [] } });
		expect(backup.json.bytes).toBeGreaterThan(0);
		// The server kept writing while the backup ran.
		expect(writtenDuring).toBeGreaterThan(0);
		expect(checkFile(out).ok).toBe(true);

		const checked = await cli('restore', '--from', out);
		expect(checked.code, checked.stderr).toBe(0);
		expect(checked.json).toMatchObject({ ok: true, target: null });

		// A restore onto the running server's file is refused, and the file is left alone.
		const refused = await cli('restore', '--from', out, '--db', server.dbPath, '--force');
		expect(refused.code).toBe(2);
		expect(refused.stderr).toMatch(/open in another process/);

		const target = join(dir, 'restored.db');
		const restored = await cli('restore', '--from', out, '--db', target);
		expect(restored.code, restored.stderr).toBe(0);
		expect(restored.json).toMatchObject({ ok: true, target, previous: null });

		const again = await startSafetyServer({ dbPath: target });
		servers.push(again);
		const reader = apiClient(again.url);
		const before = acked.filter((a) => a.at < started);
		for (const a of before) {
			const res = await reader.get(`/api/collections/bins/items/${a.id}`);
			expect(res.status, `feature ${a.id}`).toBe(200);
			expect(res.body.version).toBeGreaterThanOrEqual(a.version);
		}
		// The demo community and its history came along whole.
		const history = await reader.get(`/api/collections/bins/items/${before[0].id}/history`);
		expect(history.status).toBe(200);
		const seed = await reader.get('/api/changesets/1');
		expect(seed.status).toBe(200);
		expect(seed.body.features.length).toBeGreaterThan(100);
	});

	it('keeps the previous file when restoring over one with --force, and refuses without it', async () => {
		const out = join(dir, 'under-load.db');
		const target = join(dir, 'restored.db');
		for (const s of servers.splice(0)) await s.stop();
		const refused = await cli('restore', '--from', out, '--db', target);
		expect(refused.code).toBe(2);
		expect(refused.stderr).toMatch(/--force/);
		const forced = await cli('restore', '--from', out, '--db', target, '--force');
		expect(forced.code, forced.stderr).toBe(0);
		expect(existsSync(forced.json.previous)).toBe(true);
		expect(checkFile(forced.json.previous).ok).toBe(true);
	});

	it('refuses to restore a file that is not a sound sanimap database', async () => {
		const junk = join(dir, 'junk.db');
		await run('sh', ['-c', `head -c 8192 /dev/urandom > ${junk}`]);
		const res = await cli('restore', '--from', junk);
		expect(res.code).toBe(2);
		expect(res.stderr).toMatch(/not an SQLite database|not a sound backup/);
	});
});
