/**
 * Uploaded files waiting between preview and commit, under a random token. Few and short-lived:
 * the oldest is dropped when more than `max` wait, and any after `ttlMs`. The rows themselves stay
 * in the import worker that read them; this is what the main thread needs to know of each, and
 * `onDrop` tells the worker when it may forget one.
 */
import type { FileSummary } from './import-worker-protocol';

export interface ImportSession {
	token: string;
	filename: string;
	/** Format, columns and notes of the file; its rows are held by the worker. */
	file: FileSummary;
	createdAt: number;
	/** Who uploaded it: only they may commit it. */
	owner: string;
}

export interface ImportSessionsOptions {
	max: number;
	ttlMs: number;
	clock?: () => number;
	/** Called once for each session that is deleted, replaced by newer ones or expired. */
	onDrop?: (session: ImportSession) => void;
}

export class ImportSessions {
	private readonly sessions = new Map<string, ImportSession>();

	constructor(private readonly options: ImportSessionsOptions = { max: 8, ttlMs: 30 * 60_000 }) {}

	private now = () => (this.options.clock ?? Date.now)();

	add(token: string, filename: string, file: FileSummary, owner: string): ImportSession {
		this.expire();
		while (this.sessions.size >= this.options.max) this.delete(this.sessions.keys().next().value!);
		const session = { token, filename, file, createdAt: this.now(), owner };
		this.sessions.set(session.token, session);
		return session;
	}

	get(token: string): ImportSession | undefined {
		this.expire();
		return this.sessions.get(token);
	}

	delete(token: string): void {
		const session = this.sessions.get(token);
		if (!session) return;
		this.sessions.delete(token);
		this.options.onDrop?.(session);
	}

	/** Forgets sessions older than the time limit. */
	expire(): void {
		const cutoff = this.now() - this.options.ttlMs;
		for (const [token, s] of this.sessions) if (s.createdAt < cutoff) this.delete(token);
	}
}
