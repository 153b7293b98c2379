/**
 * Starts a worker thread on a module of the server. In the build the module is a JavaScript chunk
 * and starts as it is; run from source (tsx, vite dev, vitest) it is TypeScript, so tsx is
 * registered in the thread first: a worker does not inherit the loader its parent runs under.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

export function startModuleWorker(url: string, workerData: unknown, label: string): Worker {
	if (!/\.ts$/.test(new URL(url).pathname)) return new Worker(new URL(url), { workerData });
	const tsx = pathToFileURL(join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist/esm/api/index.mjs')).href;
	const code = `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(url)}); }).catch((e) => { console.error(${JSON.stringify(`sanimap: the ${label} could not start:`)}, e); process.exit(1); });`;
	return new Worker(code, { eval: true, workerData });
}
