/**
 * The edits waiting on a phone as a file, so nothing is lost when the phone never reconnects: it
 * is saved on the phone and imported in field mode on any computer, whose outbox then sends the
 * edits through the one edit path (`POST /api/edits`, with its conflict handling) as the phone would.
 *
 * The file is a GeoJSON FeatureCollection, one feature per waiting edit in queue order: its
 * geometry is what the edit leaves on the map (null where that could not be worked out here), its
 * properties the edit itself (`edits`, as `POST /api/edits` takes them), its label, the `refs` to
 * earlier entries' answers (a photo's id, a version), and the names of its photos. With photos,
 * the file is a zip of `edits.geojson` and `photos/<name>`; without, the GeoJSON alone.
 */
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import type { EditRequest } from '../../domain/api-types';
import type { UserEdit } from '../state/user-edit';
import type { NewEntry, OutboxEntry, OutboxRef } from './outbox';
import type { PendingEdits } from './pending-edits';

export const OUTBOX_FILE_FORMAT = 'sanimap-field-outbox';
export const OUTBOX_FILE_VERSION = 1;
const GEOJSON_IN_ZIP = 'edits.geojson';

/** One photo an edit of the file names: the outbox entry that uploads it, and its file in the zip. */
export interface OutboxFilePhoto {
	clientId: string;
	name: string;
	contentType: string;
}

export interface OutboxFileProperties {
	clientId: string;
	createdAt: string;
	label: string;
	labelValues?: Record<string, string | number>;
	done?: string;
	comment?: string;
	edits: EditRequest[];
	refs?: Record<string, OutboxRef>;
	photos: OutboxFilePhoto[];
}

/** Why a file cannot be imported, as a message key of `field.outbox.file.errors` and its values. */
export class OutboxFileError extends Error {
	constructor(
		readonly key: 'unreadable' | 'newer' | 'empty' | 'entry' | 'missingPhoto',
		readonly values: Record<string, string | number> = {}
	) {
		super(`outbox file: ${key}`);
	}
}

const EXTENSIONS: Record<string, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' };
const photoName = (clientId: string, contentType: string) => `photos/${clientId}.${EXTENSIONS[contentType] ?? 'bin'}`;

function geometryOf(entry: OutboxEntry, pending: PendingEdits): Geometry | null {
	const drawn = (pending.changesOf.get(entry.clientId) ?? []).filter((c) => !c.after.deleted && c.after.geometry).map((c) => c.after.geometry as Geometry);
	if (drawn.length === 1) return drawn[0];
	if (drawn.length > 1) return { type: 'GeometryCollection', geometries: drawn };
	return null;
}

/** The waiting edits as the file's FeatureCollection (photo entries are named by the edits that use them). */
export function outboxFeatureCollection(entries: readonly OutboxEntry[], pending: PendingEdits, savedAt: string): FeatureCollection<Geometry | null> & { sanimap: Record<string, unknown> } {
	const photos = new Map(entries.flatMap((e) => (e.payload.kind === 'photo' ? [[e.clientId, e.payload.contentType] as const] : [])));
	const features = entries.flatMap((entry): Feature<Geometry | null>[] => {
		if (entry.payload.kind !== 'edit') return [];
		const { label, labelValues, done, comment, edits } = entry.payload.edit;
		const named = [...new Set(Object.values(entry.refs ?? {}).map((r) => r.clientId))].filter((id) => photos.has(id));
		const properties: OutboxFileProperties = {
			clientId: entry.clientId,
			createdAt: entry.createdAt,
			label,
			...(labelValues ? { labelValues } : {}),
			...(done ? { done } : {}),
			...(comment ? { comment } : {}),
			edits,
			...(entry.refs ? { refs: entry.refs } : {}),
			photos: named.map((clientId) => ({ clientId, contentType: photos.get(clientId)!, name: photoName(clientId, photos.get(clientId)!) }))
		};
		return [{ type: 'Feature', geometry: geometryOf(entry, pending), properties: properties as unknown as Record<string, unknown> }];
	});
	return { type: 'FeatureCollection', sanimap: { format: OUTBOX_FILE_FORMAT, version: OUTBOX_FILE_VERSION, savedAt }, features };
}

/** The file to save: the GeoJSON, or a zip of it with the photos its edits name. `day` names it (YYYY-MM-DD). */
export async function outboxFile(entries: readonly OutboxEntry[], pending: PendingEdits, savedAt: string, day: string): Promise<{ blob: Blob; name: string }> {
	const collection = outboxFeatureCollection(entries, pending, savedAt);
	const json = JSON.stringify(collection, null, 1);
	const named = new Set(collection.features.flatMap((f) => (f.properties as unknown as OutboxFileProperties).photos.map((p) => p.clientId)));
	const photos = entries.filter((e) => e.payload.kind === 'photo' && named.has(e.clientId));
	if (photos.length === 0) return { blob: new Blob([json], { type: 'application/geo+json' }), name: `sanimap-edits-${day}.geojson` };
	const files: Record<string, Uint8Array> = { [GEOJSON_IN_ZIP]: strToU8(json) };
	for (const e of photos) {
		if (e.payload.kind !== 'photo') continue;
		files[photoName(e.clientId, e.payload.contentType)] = new Uint8Array(await e.payload.blob.arrayBuffer());
	}
	// Photos are compressed already: stored, not deflated again.
	const zip = zipSync(files, { level: 0 });
	return { blob: new Blob([zip as Uint8Array<ArrayBuffer>], { type: 'application/zip' }), name: `sanimap-edits-${day}.zip` };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function checkedProperties(v: unknown): OutboxFileProperties | null {
	if (!isRecord(v)) return null;
	const { clientId, createdAt, label, edits, refs, photos } = v;
	if (typeof clientId !== 'string' || !/^[A-Za-z0-9-]{1,80}$/.test(clientId) || typeof label !== 'string' || typeof createdAt !== 'string') return null;
	if (!Array.isArray(edits) || edits.length === 0 || !edits.every((e) => isRecord(e) && typeof e.type === 'string')) return null;
	if (refs !== undefined && !(isRecord(refs) && Object.values(refs).every((r) => isRecord(r) && typeof r.clientId === 'string' && typeof r.path === 'string'))) return null;
	if (!Array.isArray(photos) || !photos.every((p) => isRecord(p) && typeof p.clientId === 'string' && typeof p.name === 'string' && typeof p.contentType === 'string')) return null;
	return v as unknown as OutboxFileProperties;
}

/**
 * The outbox entries a saved file holds, in queue order, each edit after the photos it names;
 * throws OutboxFileError for a file that is not one (so nothing of it is queued).
 */
export function readOutboxFile(bytes: Uint8Array, fileName: string): NewEntry[] {
	const file = { file: fileName };
	let text: string;
	let zipped: Record<string, Uint8Array> = {};
	try {
		// A zip starts with "PK\3\4".
		if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 3 && bytes[3] === 4) {
			zipped = unzipSync(bytes);
			if (!zipped[GEOJSON_IN_ZIP]) throw new OutboxFileError('unreadable', file);
			text = strFromU8(zipped[GEOJSON_IN_ZIP]);
		} else text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
	} catch (e) {
		if (e instanceof OutboxFileError) throw e;
		throw new OutboxFileError('unreadable', file);
	}
	let doc: unknown;
	try {
		doc = JSON.parse(text.replace(/^\uFEFF/, ''));
	} catch {
		throw new OutboxFileError('unreadable', file);
	}
	if (!isRecord(doc) || doc.type !== 'FeatureCollection' || !Array.isArray(doc.features) || !isRecord(doc.sanimap) || doc.sanimap.format !== OUTBOX_FILE_FORMAT) throw new OutboxFileError('unreadable', file);
	if (typeof doc.sanimap.version !== 'number' || doc.sanimap.version > OUTBOX_FILE_VERSION) throw new OutboxFileError('newer', file);
	if (doc.features.length === 0) throw new OutboxFileError('empty', file);
	const entries: NewEntry[] = [];
	const missing: string[] = [];
	doc.features.forEach((feature: unknown, i: number) => {
		const p = isRecord(feature) ? checkedProperties(feature.properties) : null;
		if (!p) throw new OutboxFileError('entry', { ...file, n: i + 1 });
		for (const photo of p.photos) {
			const data = zipped[photo.name];
			if (!data) {
				missing.push(photo.name);
				continue;
			}
			entries.push({ clientId: photo.clientId, payload: { kind: 'photo', blob: new Blob([data as Uint8Array<ArrayBuffer>], { type: photo.contentType }), contentType: photo.contentType } });
		}
		const edit: UserEdit = { label: p.label, ...(p.labelValues ? { labelValues: p.labelValues } : {}), ...(p.done ? { done: p.done } : {}), ...(p.comment ? { comment: p.comment } : {}), edits: p.edits };
		entries.push({ clientId: p.clientId, payload: { kind: 'edit', edit }, ...(p.refs ? { refs: p.refs } : {}) });
	});
	if (missing.length) throw new OutboxFileError('missingPhoto', { ...file, names: missing.join(', ') });
	return entries;
}
