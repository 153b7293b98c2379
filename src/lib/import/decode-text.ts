/**
 * Turns uploaded bytes into text. Chinese spreadsheets are often saved as GBK (GB18030) rather than
 * UTF-8, so a file that is not valid UTF-8 is decoded by what chardet detects. A file that mixes
 * the two (rows pasted from different sources) cannot be decoded either way without garbling some
 * rows, so it is refused with the line numbers of each kind.
 */
import chardet from 'chardet';
import iconv from 'iconv-lite';
import type { FileProblem } from './types';

export type DecodeOutcome = { ok: true; text: string; encoding: string } | { ok: false; problem: FileProblem };

const utf8 = new TextDecoder('utf-8', { fatal: true });

function isUtf8(bytes: Uint8Array): boolean {
	try {
		utf8.decode(bytes);
		return true;
	} catch {
		return false;
	}
}

const hasHighBytes = (bytes: Uint8Array) => bytes.some((b) => b >= 0x80);

export function decodeText(input: Uint8Array): DecodeOutcome {
	let bytes = input;
	if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
	if (isUtf8(bytes)) return { ok: true, text: new TextDecoder('utf-8').decode(bytes), encoding: 'UTF-8' };

	// Not UTF-8 as a whole: look at each line that has non-ASCII bytes.
	const utf8Lines: number[] = [];
	const otherLines: number[] = [];
	let start = 0;
	let line = 1;
	for (let i = 0; i <= bytes.length; i++) {
		if (i === bytes.length || bytes[i] === 0x0a) {
			const slice = bytes.subarray(start, i);
			if (hasHighBytes(slice)) (isUtf8(slice) ? utf8Lines : otherLines).push(line);
			start = i + 1;
			line++;
		}
	}
	if (utf8Lines.length > 0 && otherLines.length > 0) {
		return {
			ok: false,
			problem: {
				code: 'import.encoding.mixed',
				message: `The file mixes text encodings: line ${utf8Lines.slice(0, 5).join(', ')} ${utf8Lines.length > 1 ? 'are' : 'is'} UTF-8 but line ${otherLines.slice(0, 5).join(', ')} ${otherLines.length > 1 ? 'are' : 'is'} not (GBK?). Save the whole file in one encoding (UTF-8 is best) and upload it again.`,
				details: { utf8Lines: utf8Lines.slice(0, 50), otherLines: otherLines.slice(0, 50) },
				params: { utf8Lines: utf8Lines.slice(0, 5).join(', '), utf8Count: utf8Lines.length, otherLines: otherLines.slice(0, 5).join(', '), otherCount: otherLines.length }
			}
		};
	}
	// chardet is unreliable on short Chinese samples (it may answer a Hebrew or Cyrillic code page),
	// so text whose high bytes all pair up as GBK double-byte characters is read as GB18030.
	const detected = chardet.detect(bytes);
	const encoding = isPlausibleGbk(bytes) ? 'GB18030' : detected && iconv.encodingExists(detected) ? detected : 'GB18030';
	return { ok: true, text: iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), encoding), encoding };
}

/** Whether every byte ≥ 0x80 starts a valid GBK pair (lead 0x81–0xFE, trail 0x40–0xFE but 0x7F). */
function isPlausibleGbk(bytes: Uint8Array): boolean {
	for (let i = 0; i < bytes.length; i++) {
		const b = bytes[i];
		if (b < 0x80) continue;
		const t = bytes[i + 1];
		if (b === 0x80 || b === 0xff || t === undefined || t < 0x40 || t === 0x7f || t === 0xff) return false;
		i++;
	}
	return true;
}
