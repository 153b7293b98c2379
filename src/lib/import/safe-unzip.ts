/**
 * Unpacks an uploaded zip only after checking it: every entry name must stay inside the archive
 * (no `..`, no absolute paths, no drive letters), and the sizes the archive declares must add up
 * to no more than the limit before anything is inflated, so a zip bomb is refused by arithmetic
 * rather than by running out of memory. An entry that inflates to more than it declared is
 * refused as well.
 */
import { unzipSync, type UnzipFileInfo } from 'fflate';
import type { FileProblem, ImportLimits } from './types';

export type UnzipOutcome = { ok: true; files: Map<string, Uint8Array> } | { ok: false; problem: FileProblem };

export function isUnsafeEntryName(name: string): boolean {
	const n = name.replace(/\\/g, '/');
	return n.startsWith('/') || /^[a-zA-Z]:/.test(n) || n.split('/').some((part) => part === '..') || n.includes('\0');
}

export function safeUnzip(bytes: Uint8Array, limits: Pick<ImportLimits, 'maxUnzippedBytes'>, wanted: (name: string) => boolean = () => true): UnzipOutcome {
	const unsafe: string[] = [];
	let declared = 0;
	let tooBig = false;
	const filter = (info: UnzipFileInfo) => {
		if (isUnsafeEntryName(info.name)) unsafe.push(info.name);
		if (!wanted(info.name) || info.name.endsWith('/')) return false;
		declared += info.originalSize;
		if (declared > limits.maxUnzippedBytes) tooBig = true;
		// Inflate nothing until every entry has been looked at and found acceptable.
		return false;
	};
	try {
		unzipSync(bytes, { filter });
	} catch (e) {
		return { ok: false, problem: { code: 'import.zip.malformed', message: `The file is not a readable zip archive: ${(e as Error).message}.`, params: { detail: (e as Error).message.slice(0, 300) } } };
	}
	if (unsafe.length > 0) {
		return {
			ok: false,
			problem: {
				code: 'import.zip.unsafe-path',
				message: `The zip contains entries whose names leave the archive (${unsafe.slice(0, 3).join(', ')}). Such archives are refused; zip the files again from their folder.`,
				details: { entries: unsafe.slice(0, 20) },
				params: { entries: unsafe.slice(0, 3).join(', ') }
			}
		};
	}
	if (tooBig) {
		return {
			ok: false,
			problem: {
				code: 'import.zip.too-large',
				message: `The zip unpacks to ${declared} bytes, more than the limit of ${limits.maxUnzippedBytes} bytes (SANIMAP_MAX_UNZIPPED_BYTES).`,
				details: { declaredBytes: declared, limitBytes: limits.maxUnzippedBytes },
				reason: 'too-large',
				params: { limit: limits.maxUnzippedBytes }
			}
		};
	}
	let files: Record<string, Uint8Array>;
	try {
		files = unzipSync(bytes, { filter: (info) => wanted(info.name) && !info.name.endsWith('/') });
	} catch (e) {
		return { ok: false, problem: { code: 'import.zip.malformed', message: `The zip archive is damaged: ${(e as Error).message}.`, params: { detail: (e as Error).message.slice(0, 300) } } };
	}
	let actual = 0;
	for (const data of Object.values(files)) actual += data.byteLength;
	if (actual > limits.maxUnzippedBytes) {
		return {
			ok: false,
			problem: { code: 'import.zip.too-large', message: `The zip unpacks to more than ${limits.maxUnzippedBytes} bytes (SANIMAP_MAX_UNZIPPED_BYTES).`, details: { limitBytes: limits.maxUnzippedBytes }, reason: 'too-large', params: { limit: limits.maxUnzippedBytes } }
		};
	}
	return { ok: true, files: new Map(Object.entries(files)) };
}
