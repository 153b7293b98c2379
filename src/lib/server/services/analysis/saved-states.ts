/**
 * Kept analysis states (kept-layer.ts) saved as files beside the database, so that a restarted
 * server answers its first request from what the last one had built, brought up to date by the
 * changesets stored since, instead of reading a city's million features again.
 *
 * A file holds one state with its mark: the changeset it holds everything up to, when that
 * changeset was stored, and a digest of what else it was built from (its zones, its parameters).
 * It is used only by the same build of the app (a build may count differently), and only when
 * the database has that changeset stored at that time: another database, or an older backup
 * restored in its place, builds afresh. A file is written whole or not at all (a new file renamed
 * over the old), and one that cannot be read is built afresh too: the files are a cache, never a
 * source of truth, and may be deleted at any time.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { deserialize, serialize } from 'node:v8';

/** The layout of the files; another one is not read. */
const FORMAT = 1;

export interface SavedStateMark {
	/** The changeset the state holds everything up to. */
	at: number;
	/** When that changeset was stored: the same id in another database's history has another time. */
	atCreatedAt: string;
	/** What else the state was built from (the caller's digest of its zones and parameters). */
	basis: string;
}

interface SavedFile {
	format: number;
	build: string;
	mark: SavedStateMark;
	data: unknown;
}

export class SavedStates {
	/** Whether the last write failed: then the next failure is not logged again. */
	private failing = false;
	private readonly suffix: string;

	constructor(
		/** The folder the files live in; made when the first is written. */
		private readonly dir: string,
		/** This build of the app: files of another are not read. */
		private readonly build: string,
		/** The database the states are of (its path or URL): servers of several databases may share the folder. */
		database: string,
		readonly log: (message: string) => void = (message) => console.error(message)
	) {
		this.suffix = createHash('sha256').update(database).digest('hex').slice(0, 16);
	}

	/** The state saved under `name` by this build, or null when there is none it can use. */
	read(name: string): { mark: SavedStateMark; data: unknown } | null {
		let bytes: Buffer;
		try {
			bytes = readFileSync(this.file(name));
		} catch (e) {
			// Nothing saved yet, or no folder to save in (which the first write reports).
			const nothingSaved = ['ENOENT', 'ENOTDIR'].includes((e as NodeJS.ErrnoException).code ?? '');
			if (!nothingSaved) this.log(`sanimap: the saved ${name} analysis state could not be read (${(e as Error).message}); it is built afresh.`);
			return null;
		}
		try {
			const saved = deserialize(bytes) as SavedFile;
			if (saved?.format !== FORMAT || typeof saved.mark?.at !== 'number') throw new Error(`format ${saved?.format}, not ${FORMAT}`);
			if (saved.build !== this.build) {
				this.log(`sanimap: the saved ${name} analysis state is of another build of sanimap; it is built afresh.`);
				return null;
			}
			return { mark: saved.mark, data: saved.data };
		} catch (e) {
			this.log(`sanimap: the saved ${name} analysis state is damaged (${(e as Error).message}); it is built afresh.`);
			return null;
		}
	}

	/** Saves `data` under `name`, replacing what was saved; a failure is logged, never thrown (the state is only a cache). */
	write(name: string, mark: SavedStateMark, data: unknown): void {
		const file = this.file(name);
		const part = `${file}.${process.pid}-${threadId}.part`;
		try {
			mkdirSync(this.dir, { recursive: true });
			writeFileSync(part, serialize({ format: FORMAT, build: this.build, mark, data } satisfies SavedFile));
			renameSync(part, file);
			this.failing = false;
		} catch (e) {
			try {
				rmSync(part, { force: true });
			} catch {
				// Nothing was written where nothing can be.
			}
			if (!this.failing) this.log(`sanimap: could not save the ${name} analysis state in ${this.dir} (${(e as Error).message}); the next start builds it afresh.`);
			this.failing = true;
		}
	}

	private file(name: string): string {
		return join(this.dir, `${name}-${this.suffix}.state`);
	}
}
