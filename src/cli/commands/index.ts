import type { Command } from '../command';

/**
 * Every command of `npm run cli`, each in its own file beside this one, loaded only when it is
 * run: loading all of them (the stores' drivers, the import formats, Turf) took 0.75 s of every
 * run, longer than some commands take on a whole city.
 */
const LOADERS: Record<string, () => Promise<Command>> = {
	coverage: () => import('./coverage').then((m) => m.coverageCommand),
	gaps: () => import('./gaps').then((m) => m.gapsCommand),
	site: () => import('./site').then((m) => m.siteCommand),
	zones: () => import('./zones').then((m) => m.zonesCommand),
	hardening: () => import('./hardening').then((m) => m.hardeningCommand),
	backup: () => import('./backup').then((m) => m.backupCommand),
	restore: () => import('./restore').then((m) => m.restoreCommand),
	import: () => import('./import').then((m) => m.importCommand),
	export: () => import('./export').then((m) => m.exportCommand),
	migrate: () => import('./migrate').then((m) => m.migrateCommand)
};

export const COMMAND_NAMES: readonly string[] = Object.keys(LOADERS);

/** The command of that name; undefined when there is none. */
export function loadCommand(name: string): Promise<Command> | undefined {
	return Object.hasOwn(LOADERS, name) ? LOADERS[name]() : undefined;
}

/** Every command, in the order of the help. */
export function loadCommands(): Promise<Command[]> {
	return Promise.all(COMMAND_NAMES.map((name) => LOADERS[name]()));
}
