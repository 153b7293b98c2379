/**
 * Signalling a test server and checking that it stopped: the shutdown suites on both stores.
 */
import { expect } from 'vitest';
import type { RunningServer } from '../helpers/server';
import { sleep } from './support';

/** The server's own limit is 5 s; the rest is for a loaded test machine. */
export const STOPS_WITHIN_MS = 7_000;

export type Stopped = { ms: number; status: ReturnType<RunningServer['exitStatus']> };

/** Sends `name` and waits (at most 15 s) for the process to end; how long it took and how it ended. */
export async function signal(server: RunningServer, name: NodeJS.Signals = 'SIGTERM'): Promise<Stopped> {
	const t0 = performance.now();
	process.kill(server.pid, name);
	while (!server.exitStatus() && performance.now() - t0 < 15_000) await sleep(20);
	return { ms: Math.round(performance.now() - t0), status: server.exitStatus() };
}

/** It ended within the limit and its port is closed; then the test's own cleanup of it. */
export async function expectStopped(server: RunningServer, stopped: Stopped, what: string): Promise<void> {
	expect(stopped.status, `${what}: still running ${stopped.ms} ms after SIGTERM\n${server.output().slice(-2000)}`).not.toBeNull();
	expect(stopped.ms, what).toBeLessThan(STOPS_WITHIN_MS);
	await expect(fetch(`${server.url}/api`, { signal: AbortSignal.timeout(2_000) }), `${what}: the port still answers`).rejects.toThrow();
	await server.stop();
}
