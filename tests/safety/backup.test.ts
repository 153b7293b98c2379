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
import { apiClient } from '../api/api-client';
import { cli as runCli } from '../helpers/cli';
import type { RunningServer } from '../helpers/server';
import { checkFile, expectWritesServed, startSafetyServer, startWriters } from './support';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'sanimap-backup-'));
const servers: RunningServer[] = [];
afterAll(async () => {
	await Promise.all(servers.map((s) => s.stop()));
	rmSync(dir, { recursive: true, force: true });
});

const cli = (...args: string[]) => runCli(args);

describe('backup and restore under load', () => {
	it('backs up a consistent snapshot while clients write, and the restored file has every earlier write', { timeout: 300_000 }, async () => {
		const server = await startSafetyServer({ seed: true });
		servers.push(server);
		const api = apiClient(server.url, await server.login());
		const { acked, stop: stopWriting } = startWriters(api);
		while (acked.length < 20) await new Promise((r) => setTimeout(r, 50));

		const out = join(dir, 'under-load.db');
		const started = Date.now();
		const backup = await cli('backup', '--db', server.dbPath, '--out', out);
		const writtenDuring = acked.filter((a) => a.at >= started).length;
		await stopWriting();

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
		await expectWritesServed(reader, before);
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
