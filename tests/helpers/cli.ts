/**
 * The command-line tool as a user runs it (`npm run --silent cli -- …`), without npm in between:
 * a process of its own, its stdout parsed as the command's JSON answer.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { appRoot } from './server';

export interface CliRun {
	code: number;
	/** stdout parsed, or null when the command failed. */
	json: any;
	stderr: string;
}

export function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
	return new Promise((resolve) =>
		execFile(
			process.execPath,
			[join(appRoot, 'node_modules/tsx/dist/cli.mjs'), join(appRoot, 'src/cli/main.ts'), ...args],
			{ cwd: appRoot, env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 32 * 1024 * 1024 },
			(error, stdout, stderr) => {
				if (error) resolve({ code: typeof error.code === 'number' ? error.code : 1, json: null, stderr });
				else resolve({ code: 0, json: JSON.parse(stdout), stderr });
			}
		)
	);
}
