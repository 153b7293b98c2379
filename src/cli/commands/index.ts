import type { Command } from '../command';
import { coverageCommand } from './coverage';
import { gapsCommand } from './gaps';
import { siteCommand } from './site';
import { zonesCommand } from './zones';
import { hardeningCommand } from './hardening';
import { backupCommand } from './backup';
import { restoreCommand } from './restore';
import { importCommand } from './import';
import { exportCommand } from './export';
import { migrateCommand } from './migrate';

/** Every command of `npm run cli`. Each lives in its own file beside this one. */
export const COMMANDS: Command[] = [coverageCommand, gapsCommand, siteCommand, zonesCommand, hardeningCommand, backupCommand, restoreCommand, importCommand, exportCommand, migrateCommand];
