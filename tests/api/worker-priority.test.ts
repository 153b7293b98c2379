/**
 * The worker threads that only read and compute (analyses, cluster indexes) run at a lower CPU
 * priority than the main thread, so that their seconds of work give way to its requests. Read
 * from the kernel's own account of the server process's threads.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../helpers/server';
import { BACKGROUND_NICE_STEP } from '../../src/lib/server/workers/background-priority';

let server: RunningServer;
beforeAll(async () => {
	server = await startServer({ seed: true });
});
afterAll(() => server?.stop());

/** Each thread's nice value: field 19 of /proc/<pid>/task/<tid>/stat, counted after the parenthesised name. */
function niceByThread(pid: number): Map<number, number> {
	const nice = new Map<number, number>();
	for (const tid of readdirSync(`/proc/${pid}/task`)) {
		try {
			const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
			nice.set(Number(tid), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]));
		} catch {
			// A thread that ended between the listing and the read.
		}
	}
	return nice;
}

describe('worker threads that only read and compute', () => {
	it('run nicer than the main thread, which keeps its priority', async () => {
		// An analysis and a cluster tile, so that both workers have started.
		expect((await fetch(`${server.url}/api/analysis/hardening`)).status).toBe(200);
		expect((await fetch(`${server.url}/api/tiles/bins/10/843/388.pbf`)).status).toBeLessThan(300);
		let threads = niceByThread(server.pid);
		const main = threads.get(server.pid)!;
		const background = () => [...threads.values()].filter((n) => n === Math.min(19, main + BACKGROUND_NICE_STEP)).length;
		for (const t0 = Date.now(); background() < 2 && Date.now() - t0 < 10_000; await new Promise((r) => setTimeout(r, 100))) threads = niceByThread(server.pid);
		expect(background(), `threads' nice values: ${JSON.stringify([...threads])}`).toBeGreaterThanOrEqual(2);
		// Only those: libuv's pool, V8's helpers and the main thread itself stay at the server's priority.
		expect([...threads.values()].filter((n) => n === main).length).toBeGreaterThan(2);
	});
});
