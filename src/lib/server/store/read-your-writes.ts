/**
 * Which database a request reads when a streaming replica serves the reads that may lag
 * (DATABASE_READ_URL): the replica, unless the person asking wrote something it has not replayed
 * yet. Their floor is the newest changeset they wrote (kept per session, and in a cookie so that
 * another app server knows it too); a request whose floor the replica has not reached reads the
 * primary. The choice is made once per request (or analysis job), so every read of it comes from
 * one database and agrees with the others.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export type ReadSource = 'primary' | 'replica';

interface ReadContext {
	floor: number;
	source?: ReadSource;
	/** The newest changeset this request wrote. */
	written: number;
}

const context = new AsyncLocalStorage<ReadContext>();

/** Runs `fn` as one request or job whose reads must include changeset `floor` (0: any state). */
export function withReadFloor<T>(floor: number, fn: () => T): T {
	return context.run({ floor, written: 0 }, fn);
}

/** Raises the floor of the request running now (its sender became known), before its first read. */
export function raiseReadFloor(floor: number): void {
	const c = context.getStore();
	if (c && !c.source) c.floor = Math.max(c.floor, floor);
}

/** The floor of the request running now. */
export const readFloor = (): number => Math.max(context.getStore()?.floor ?? 0, context.getStore()?.written ?? 0);

/** A write of this request stored changeset `id`: its later reads go to the primary. */
export function noteWritten(id: number): void {
	const c = context.getStore();
	if (!c) return;
	c.written = Math.max(c.written, id);
	c.source = 'primary';
}

export const writtenInThisRequest = (): number => context.getStore()?.written ?? 0;

/** Where this request reads: decided at its first read, from how far the replica has got. */
export async function readSource(replicaLatest: () => Promise<number>): Promise<ReadSource> {
	const c = context.getStore();
	if (!c) return 'replica';
	if (c.source) return c.source;
	const source: ReadSource = c.floor > 0 && (await replicaLatest()) < c.floor ? 'primary' : 'replica';
	return (c.source ??= source);
}

/**
 * `primary` and `replica` behind one object of their shape: each call goes to the source of the
 * request it is made in.
 */
export function routedReads<T extends object>(primary: T, replica: T, replicaLatest: () => Promise<number>): T {
	return new Proxy(replica, {
		get(target, key) {
			const own = Reflect.get(target, key);
			if (typeof own !== 'function') return own;
			return async (...args: unknown[]) => {
				const from = (await readSource(replicaLatest)) === 'primary' ? primary : replica;
				return (Reflect.get(from, key) as (...a: unknown[]) => unknown).apply(from, args);
			};
		}
	});
}
