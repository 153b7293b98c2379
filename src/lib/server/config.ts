/**
 * Server configuration from the environment, read and checked once (settings/server-settings.ts).
 * Every limit is named in the error a caller gets when it is exceeded. `settingProblems` lists the
 * settings the app cannot use: the server does not start with any (hooks.server.ts).
 */
import { appRoot } from './app-root';
import { readSettings } from './settings/server-settings';

const settings = readSettings(process.env, appRoot);

export const config = settings.values;
export const settingProblems = settings.problems;
