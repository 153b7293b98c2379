/** The processes below a process (children, their children, …), read from Linux's /proc. */
import { readdirSync, readFileSync } from 'node:fs';

export interface ProcessInfo {
	pid: number;
	/** The command line, arguments separated by spaces. */
	cmd: string;
}

export function descendantProcesses(pid: number): ProcessInfo[] {
	const info = new Map<number, { parent: number; cmd: string }>();
	for (const name of readdirSync('/proc')) {
		if (!/^\d+$/.test(name)) continue;
		try {
			const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
			// The parent is the second field after the command name in parentheses.
			info.set(Number(name), { parent: Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]), cmd: readFileSync(`/proc/${name}/cmdline`, 'utf8').replaceAll('\0', ' ') });
		} catch {
			// ended meanwhile
		}
	}
	const below = new Set([pid]);
	for (let grew = true; grew; ) {
		grew = false;
		for (const [p, { parent }] of info) if (!below.has(p) && below.has(parent)) (below.add(p), (grew = true));
	}
	below.delete(pid);
	return [...below].map((p) => ({ pid: p, cmd: info.get(p)!.cmd }));
}

export function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}
