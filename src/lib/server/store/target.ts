/**
 * Which store a process opens: the SQLite file of the embedded default, or a PostgreSQL database.
 * Worker threads are given the same target and open a connection of their own to it.
 */
import { maskUrlPassword } from '../settings/database-url.js';

export type StoreTarget = { store: 'sqlite'; path: string } | { store: 'postgres'; url: string };

/** How a target is named in messages: a PostgreSQL URL without its password. */
export function describeTarget(target: StoreTarget): string {
	return target.store === 'sqlite' ? target.path : maskUrlPassword(target.url);
}
