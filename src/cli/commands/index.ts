import type { Command } from '../command';
import { coverageCommand } from './coverage';
import { gapsCommand } from './gaps';
import { siteCommand } from './site';

/** Every command of `npm run cli`. Each lives in its own file beside this one. */
export const COMMANDS: Command[] = [coverageCommand, gapsCommand, siteCommand];
