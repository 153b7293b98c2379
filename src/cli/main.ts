/**
 * `npm run --silent cli -- <command> [options]`: runs the app's analysis and storage code on files
 * or a database and prints one JSON object on stdout. Errors: a message on stderr, exit code 2.
 */
import { parseArgs } from 'node:util';
import { COMMANDS } from './commands';
import { CliError } from './cli-error';

function help(): string {
	const lines = ['Usage: npm run --silent cli -- <command> [options]', '', 'Commands:'];
	for (const c of COMMANDS) lines.push(`  ${c.name.padEnd(12)} ${c.summary}`, `               ${c.usage}`);
	return lines.join('\n');
}

async function main(argv: string[]): Promise<number> {
	const [name, ...rest] = argv;
	if (!name || name === '--help' || name === 'help') {
		process.stdout.write(help() + '\n');
		return name ? 0 : 2;
	}
	const command = COMMANDS.find((c) => c.name === name);
	if (!command) throw new CliError(`Unknown command "${name}". Commands: ${COMMANDS.map((c) => c.name).join(', ')}.`);
	let values;
	try {
		values = parseArgs({ args: rest, options: command.options, strict: true, allowPositionals: false }).values;
	} catch (e) {
		throw new CliError(`${(e as Error).message}\nUsage: ${command.usage}`);
	}
	const result = await command.run(values as Record<string, string | boolean | undefined>);
	process.stdout.write(JSON.stringify(result) + '\n');
	return 0;
}

main(process.argv.slice(2)).then(
	(code) => process.exit(code),
	(e) => {
		if (e instanceof CliError) {
			process.stderr.write(`error: ${e.message}\n`);
			process.exit(2);
		}
		process.stderr.write(`internal error: ${(e as Error).stack ?? e}\n`);
		process.exit(1);
	}
);
