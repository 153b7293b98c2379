/**
 * `npm run --silent cli -- <command> [options]`: runs the app's analysis and storage code on files
 * or a database and prints one JSON object on stdout. Errors: a message on stderr, exit code 2.
 */
import { COMMAND_NAMES, loadCommand, loadCommands } from './commands';
import { CliError } from './cli-error';
import { parseOptions } from './options';
import { settingProblems } from '../lib/server/config';

async function help(): Promise<string> {
	const lines = ['Usage: npm run --silent cli -- <command> [options]', '', 'Commands:'];
	for (const c of await loadCommands()) lines.push(`  ${c.name.padEnd(12)} ${c.summary}`, `               ${c.usage}`);
	return lines.join('\n');
}

async function main(argv: string[]): Promise<number> {
	const [name, ...rest] = argv;
	if (!name || name === '--help' || name === 'help') {
		process.stdout.write((await help()) + '\n');
		return name ? 0 : 2;
	}
	if (!COMMAND_NAMES.includes(name)) throw new CliError(`Unknown command "${name}". Commands: ${COMMAND_NAMES.join(', ')}.`);
	// The settings the commands read themselves (import limits, SQLite's); the server's own are its business.
	const unusable = settingProblems.filter((p) => !p.serverOnly);
	if (unusable.length > 0) throw new CliError(unusable.map((p) => p.message).join('\n'));
	const command = await loadCommand(name)!;
	const result = await command.run(parseOptions(command, rest));
	process.stdout.write(JSON.stringify(result) + '\n');
	return 0;
}

// The exit code is set and the process left to end by itself: process.exit() right after a write
// drops whatever of the answer a pipe has not taken yet (everything past its 64 KiB buffer), so
// `cli … | jq` would read a cut answer. Every command closes what it opened (databases, workers),
// so nothing keeps the process alive once the answer is written.
main(process.argv.slice(2)).then(
	(code) => {
		process.exitCode = code;
	},
	(e) => {
		if (e instanceof CliError) {
			process.stderr.write(`error: ${e.message}\n`);
			process.exitCode = 2;
			return;
		}
		process.stderr.write(`internal error: ${(e as Error).stack ?? e}\n`);
		process.exitCode = 1;
	}
);
