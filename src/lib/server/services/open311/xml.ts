/**
 * GeoReport v2's XML: the JSON answers mapped back by the spec's "Spark convention" (a list is a
 * parent element holding one element per item, named as the spec names them: services/service,
 * service_requests/request, attributes/attribute, values/value, errors/error, endpoints/endpoint,
 * formats/format), no namespace, UTF-8 with the XML declaration; null is an empty element.
 */
import { DOMImplementation, XMLSerializer, type Document, type Element } from '@xmldom/xmldom';

const ITEM: Record<string, string> = {
	services: 'service',
	service_requests: 'request',
	attributes: 'attribute',
	values: 'value',
	errors: 'error',
	endpoints: 'endpoint',
	formats: 'format'
};

function append(doc: Document, parent: Element, name: string, value: unknown): void {
	const el = doc.createElement(name);
	parent.appendChild(el);
	fill(doc, el, name, value);
}

function fill(doc: Document, el: Element, name: string, value: unknown): void {
	if (value === null || value === undefined) return;
	if (Array.isArray(value)) {
		const item = ITEM[name] ?? 'item';
		for (const v of value) append(doc, el, item, v);
	} else if (typeof value === 'object') {
		for (const [k, v] of Object.entries(value as Record<string, unknown>)) append(doc, el, k, v);
	} else {
		el.appendChild(doc.createTextNode(String(value)));
	}
}

/** `value` under the root element `root` (a list's items named after the root). */
export function toXml(root: string, value: unknown): string {
	const doc = new DOMImplementation().createDocument(null, root, null);
	fill(doc, doc.documentElement!, root, value);
	return `<?xml version="1.0" encoding="utf-8"?>\n${new XMLSerializer().serializeToString(doc)}\n`;
}
