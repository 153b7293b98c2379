/**
 * Parses XML from an uploaded file. Document type declarations are refused before the parser sees
 * the text: they are how XML external entities (XXE: reading server files, fetching URLs) and
 * entity-expansion bombs get in, and KML, GPX and OSM files never need one.
 */
import { DOMParser } from '@xmldom/xmldom';
import type { FileProblem } from './types';

const DECLARATION = /<!\s*(DOCTYPE|ENTITY)/i;

export type XmlOutcome = { ok: true; document: Document } | { ok: false; problem: FileProblem };

export function parseXmlDocument(text: string, what: string): XmlOutcome {
	const found = DECLARATION.exec(text);
	if (found) {
		return {
			ok: false,
			problem: {
				code: 'import.xml.doctype',
				message: `The ${what} file contains a <!${found[1].toUpperCase()}> declaration. Such declarations are refused for safety (they can make the server read other files); remove it and upload again.`,
				params: { format: what, declaration: found[1].toUpperCase() }
			}
		};
	}
	const errors: string[] = [];
	let document: Document;
	try {
		const parser = new DOMParser({
			onError: (level: string, message: string) => {
				if (level !== 'warning') errors.push(message);
			}
		});
		document = parser.parseFromString(text, 'text/xml') as unknown as Document;
	} catch (e) {
		errors.push((e as Error).message);
		document = undefined as unknown as Document;
	}
	if (errors.length > 0 || !document?.documentElement) {
		return {
			ok: false,
			problem: {
				code: 'import.xml.malformed',
				message: `The ${what} file is not well-formed XML: ${firstLine(errors[0] ?? 'no root element')}`,
				details: { errors: errors.slice(0, 5).map(firstLine) },
				params: { format: what, detail: firstLine(errors[0] ?? 'no root element') }
			}
		};
	}
	return { ok: true, document };
}

const firstLine = (s: string) => s.split('\n')[0].slice(0, 300);
