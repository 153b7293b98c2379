/**
 * Uploaded files waiting between preview and commit, in memory under a random token. Few and
 * short-lived: the oldest is dropped when more than `max` wait, and any after `ttlMs`.
 */
import { randomUUID } from 'node:crypto';
import type { ParsedFile } from '../../import/types';

export interface ImportSession {
	token: string;
	filename: string;
	file: ParsedFile;
	createdAt: number;
	/** Who uploaded it: only they may commit it. */
	owner: string;
}

export class ImportSessions {
	private readonly sessions = new Map<string, ImportSession>();

	constructor(private readonly options: { max: number; ttlMs: number; clock?: () => number } = { max: 8, ttlMs: 30 * 60_000 }) {}

	private now = () => (this.options.clock ?? Date.now)();

	add(filename: string, file: ParsedFile, owner: string): ImportSession {
		this.expire();
		while (this.sessions.size >= this.options.max) this.sessions.delete(this.sessions.keys().next().value!);
		const session = { token: randomUUID(), filename, file, createdAt: this.now(), owner };
		this.sessions.set(session.token, session);
		return session;
	}

	get(token: string): ImportSession | undefined {
		this.expire();
		return this.sessions.get(token);
	}

	delete(token: string): void {
		this.sessions.delete(token);
	}

	private expire(): void {
		const cutoff = this.now() - this.options.ttlMs;
		for (const [token, s] of this.sessions) if (s.createdAt < cutoff) this.sessions.delete(token);
	}
}
