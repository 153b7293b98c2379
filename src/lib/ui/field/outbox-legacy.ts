/**
 * Outbox entries kept by an earlier version of field mode, which queued HTTP requests (a method,
 * a URL, a body, If-Match) instead of edits. When the phone's outbox is opened by this version
 * (IndexedDB version 1 → 2) each is turned into the edit it stood for, in its place in the queue,
 * so nothing kept offline is lost by the update: a PATCH of a feature becomes a `patch` edit, a
 * road split a `split`, a hotspot report a `report-case`, a case move a `move-case`, a photo stays
 * a photo upload. Values a request took from an earlier answer ("{photo}" in the body, "{case}" in
 * the URL) become refs at the place in the edit where they go. A request of any other shape is
 * kept, marked refused with a message, for the person to discard.
 */
import type { EditRequest } from '../../domain/api-types';
import { ROAD_KIND } from '../../domain/edits/actions/split-road';
import { kindDef } from '../../domain/kinds';
import type { OutboxEntry, OutboxRef } from './outbox';

/** An entry as version 1 kept it. */
export interface LegacyEntry {
	seq: number;
	clientId: string;
	createdAt: string;
	state: OutboxEntry['state'];
	error?: OutboxEntry['error'];
	method: 'POST' | 'PATCH' | 'DELETE';
	url: string;
	body?: unknown;
	blob?: Blob;
	contentType?: string;
	ifMatch?: number | string;
	refs?: Record<string, OutboxRef>;
	label: string;
	labelValues?: Record<string, string | number>;
	/** What its answer held: one feature, a split's removed segment and parts, or a photo. */
	answer?: 'feature' | 'split' | 'photo';
}

export const isLegacyEntry = (e: unknown): e is LegacyEntry => typeof e === 'object' && e !== null && 'url' in e && 'method' in e && !('payload' in e);

const PLACEHOLDER = /^\{([A-Za-z][\w-]*)\}$/;
const ROADS = kindDef(ROAD_KIND)!.collection;

/** Where each "{name}" placeholder string sits in `value`, as dotted paths under `prefix`. */
function placeholders(value: unknown, prefix: string, found: Record<string, string[]> = {}): Record<string, string[]> {
	if (typeof value === 'string') {
		const name = PLACEHOLDER.exec(value)?.[1];
		if (name) (found[name] ??= []).push(prefix);
	} else if (value && typeof value === 'object') {
		for (const [k, v] of Object.entries(value)) placeholders(v, prefix ? `${prefix}.${k}` : k, found);
	}
	return found;
}

/** A number of the request, or the stand-in 0 when it came from an earlier answer (a ref fills it in). */
const numberOf = (v: unknown): number => (typeof v === 'number' ? v : Number.isFinite(Number(v)) ? Number(v) : 0);

const path = (url: string) => url.split('?')[0].split('/').filter(Boolean).map(decodeURIComponent);

/**
 * The edit a version-1 request stood for, and where the request's parts went in it: the feature
 * id of its URL (`idSegment`, to `idAt`), its If-Match (to `versionAt`) and its body (to `bodyAt`).
 */
function editOf(e: LegacyEntry): { edit: EditRequest; idSegment?: string; idAt?: string; versionAt?: string; bodyAt: string } | null {
	const parts = path(e.url);
	const body = (e.body ?? {}) as Record<string, unknown>;
	if (parts[0] !== 'api') return null;
	// /api/collections/{c}/items[/{id}[/split]]
	if (parts[1] === 'collections' && parts[3] === 'items') {
		const collection = parts[2];
		const on = { idSegment: parts[4], idAt: '0.id', versionAt: '0.version' };
		const id = numberOf(parts[4]);
		if (e.method === 'PATCH' && parts.length === 5) return { ...on, edit: { type: 'patch', collection, id, version: numberOf(e.ifMatch), feature: body as never }, bodyAt: '0.feature' };
		if (e.method === 'DELETE' && parts.length === 5) return { ...on, edit: { type: 'delete', collection, id, version: numberOf(e.ifMatch) }, bodyAt: '0' };
		if (e.method === 'POST' && parts.length === 4) return { edit: { type: 'create', collection, feature: body as never }, bodyAt: '0.feature' };
		if (e.method === 'POST' && parts[5] === 'split' && collection === ROADS) {
			return { ...on, edit: { type: 'split', id, version: numberOf(body.version ?? e.ifMatch), at: body.at as [number, number], ...(body.parts ? { parts: body.parts as never } : {}) }, bodyAt: '0' };
		}
		return null;
	}
	// The routes /api/hotspots and /api/hotspots/{id}/transition: a segment of the URL, which stays as it was when the entry was queued.
	if (parts[1] === 'hotspots' && e.method === 'POST') {
		if (parts.length === 2) return { edit: { type: 'report-case', feature: body as never }, bodyAt: '0.feature' };
		if (parts[3] === 'transition') {
			const { to, version, note, reason, photoIds } = body as { to: string; version?: number; note?: string; reason?: string; photoIds?: string[] };
			const edit: EditRequest = { type: 'move-case', id: numberOf(parts[2]), version: numberOf(version ?? e.ifMatch), to, ...(note !== undefined ? { note } : {}), ...(reason !== undefined ? { reason } : {}), ...(photoIds ? { photoIds } : {}) };
			return { edit, idSegment: parts[2], idAt: '0.id', versionAt: '0.version', bodyAt: '0' };
		}
	}
	return null;
}

/**
 * A ref of version 1 into the answer of an entry migrated with it now points into that entry's new
 * answer (`POST /api/edits`: the features in the order of their changes); a ref to an entry sent
 * already keeps its path, since that answer was kept as it came.
 */
function refIntoNewAnswer(ref: OutboxRef, queued: ReadonlyMap<string, LegacyEntry>): OutboxRef {
	const target = queued.get(ref.clientId);
	if (!target || target.answer === 'photo' || !target.answer) return ref;
	if (target.answer === 'feature') return { ...ref, path: `features.0.${ref.path}` };
	// A split answered { removed, features: [a, b] }; now it is [removed, a, b].
	const m = /^features\.(\d+)\.(.+)$/.exec(ref.path);
	if (m) return { ...ref, path: `features.${Number(m[1]) + 1}.${m[2]}` };
	return { ...ref, path: ref.path.replace(/^removed\./, 'features.0.') };
}

/** The version-2 entry for a version-1 one; `queued` holds every version-1 entry being migrated, by clientId. */
export function migrateLegacyEntry(e: LegacyEntry, queued: ReadonlyMap<string, LegacyEntry>): OutboxEntry {
	const kept = { seq: e.seq, clientId: e.clientId, createdAt: e.createdAt, state: e.state, ...(e.error ? { error: e.error } : {}) };
	if (e.blob) return { ...kept, payload: { kind: 'photo', blob: e.blob, contentType: e.contentType ?? (e.blob.type || 'image/jpeg') } };
	const label = { label: e.label, ...(e.labelValues ? { labelValues: e.labelValues } : {}) };
	const mapped = editOf(e);
	if (!mapped) {
		return {
			...kept,
			state: 'failed',
			error: { status: 0, code: 'outbox.legacy', message: `This edit (${e.method} ${e.url}) was kept by an earlier version of the app in a form that cannot be sent any more; discard it and make it again.` },
			payload: { kind: 'edit', edit: { ...label, edits: [] } }
		};
	}
	const refs: Record<string, OutboxRef> = {};
	const byName = (name: string) => e.refs?.[name] && refIntoNewAnswer(e.refs[name], queued);
	const idName = mapped.idSegment && PLACEHOLDER.exec(mapped.idSegment)?.[1];
	if (idName && byName(idName)) refs[mapped.idAt!] = byName(idName)!;
	const ifMatchName = typeof e.ifMatch === 'string' ? PLACEHOLDER.exec(e.ifMatch)?.[1] : undefined;
	if (ifMatchName && mapped.versionAt && byName(ifMatchName)) refs[mapped.versionAt] = byName(ifMatchName)!;
	for (const [name, at] of Object.entries(placeholders(e.body, ''))) {
		const ref = byName(name);
		if (ref) for (const p of at) refs[`${mapped.bodyAt}.${p}`] = ref;
	}
	return { ...kept, payload: { kind: 'edit', edit: { ...label, edits: [mapped.edit] } }, ...(Object.keys(refs).length ? { refs } : {}) };
}

/** Every entry of a version-1 queue, in order, as version 2 keeps them. */
export function migrateLegacyQueue(entries: readonly LegacyEntry[]): OutboxEntry[] {
	const queued = new Map(entries.map((e) => [e.clientId, e]));
	return entries.map((e) => migrateLegacyEntry(e, queued));
}
