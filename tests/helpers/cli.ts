/**
 * The command-line tool as a user runs it (`npm run --silent cli -- …`), without npm in between:
 * a process of its own, its stdout parsed as the command's JSON answer.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { appRoot } from './server';

export interface CliRun {
	code: number;
	stdout: string;
	/** stdout parsed as JSON, or null when the command failed or printed something else. */
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
				const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
				resolve({ code, stdout, json: code === 0 ? parsed(stdout) : null, stderr });
			}
		)
	);
}

function parsed(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return null;
	}
}
