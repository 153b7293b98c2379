/**
 * Builds tests/fault/faultfs.c into a temp folder and drives it: the environment that preloads it
 * into a server, and switches that make the database's disk full, failing, or healthy again.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { appRoot } from '../helpers/server';

export type DiskFault = 'enospc' | 'eio';

export interface FaultFs {
	/** Environment for the server: LD_PRELOAD plus the control file and the path to fail. */
	env: Record<string, string>;
	set(fault: DiskFault | 'none'): void;
}

export function buildFaultFs(dir: string, match: string): FaultFs {
	const library = join(dir, 'faultfs.so');
	const source = join(appRoot, 'tests', 'fault', 'faultfs.c');
	const compiler = process.env.CC ?? 'cc';
	try {
		execFileSync(compiler, ['-shared', '-fPIC', '-o', library, source, '-ldl'], { stdio: 'pipe' });
	} catch (e) {
		const err = e as NodeJS.ErrnoException & { stderr?: Buffer };
		if (err.code === 'ENOENT') {
			throw new Error(`The fault-injection tests need a C compiler to build ${source}, and "${compiler}" was not found. Install one (Debian: apt-get install gcc) or set CC.`);
		}
		throw new Error(`Building ${source} failed: ${err.stderr?.toString() ?? err.message}`);
	}
	const control = join(dir, 'faultfs.control');
	writeFileSync(control, 'none');
	return {
		env: { LD_PRELOAD: library, FAULTFS_CONTROL: control, FAULTFS_MATCH: match },
		set: (fault) => writeFileSync(control, fault)
	};
}
