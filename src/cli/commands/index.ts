import type { Command } from '../command';

/** Every command of `npm run cli`. Each lives in its own file beside this one. */
export const COMMANDS: Command[] = [];
