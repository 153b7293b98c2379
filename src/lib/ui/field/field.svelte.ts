/**
 * Field mode's state: where the worker stands, the road or case in front of them, the edits
 * waiting in the outbox, and the hardening figures per zone. Every field edit is a user-level edit
 * kept in the outbox, online or not, so an edit made in a dead spot behaves like any other: it is
 * kept on the phone, shown as pending, and sent in order when the connection is back; its answer
 * goes through the page's EditSession like a desktop edit's (the map, one undo stop).
 */
import type { LineString, Position } from 'geojson';
import type { DueAnswer, EditsAnswer, InspectionDetail, InspectionTemplate, InspectionTemplatesAnswer } from '../../domain/api-types';
import { HOTSPOT_KIND } from '../../domain/edits/actions/move-case';
import { ROAD_KIND } from '../../domain/edits/actions/split-road';
import { kindByCollection, kindDef } from '../../domain/kinds';
import { DEFAULT_RULES } from '../../domain/rules';
import { splitLineAt } from '../../geo/split-line-at';
import { localDate } from '../../domain/time/instants';
import { apiCall, sendEdits, sendPhoto, type ApiFeature } from '../api-client';
import { currentLocaleNow, translate } from '../i18n';
import { conflictOf, resolveConflict, type EditConflict, type FieldChoice } from '../state/edit-conflict';
import { targetOf } from '../state/edit-target';
import type { Editor } from '../state/editor.svelte';
import type { Layers } from '../state/layers.svelte';
import type { UserEdit } from '../state/user-edit';
import type { HardeningReport } from '../../analysis/hardening-report';
import { nearestLine } from './nearest-feature';
import { targetTitle } from './target-title';
import { memoryOutboxStore, Outbox, type OutboxEntry, type OutboxRef, type Send } from './outbox';
import { idbOutboxStore } from './outbox-idb';
import { outboxFile, readOutboxFile } from './outbox-file';
import { pendingEdits, type PendingEdits } from './pending-edits';
import { inspectionEdit, type InspectedTarget, type InspectionDraftData } from './inspection-draft';
import { inspectionIdOf } from './inspection-answer';
import { emptyTrack } from './patrol-track';
import { TrackRecorder } from './track-recorder.svelte';

export interface Position3 {
	lon: number;
	lat: number;
	accuracyM: number;
	at: number;
}

export interface HardenInput {
	surface: 'concrete' | 'asphalt' | 'paving';
	widthM: number | null;
	hardenedAt: string;
}

export interface SplitPreview {
	road: ApiFeature;
	at: Position;
	parts: [LineString, LineString];
	lengthsM: [number, number];
}

/** How far from the worker a road still counts as "the road I'm on" (GPS error plus a road's width). */
const NEAREST_ROAD_MAX_M = 60;
/** How often a queue with waiting edits is retried when no `online` event comes (flaky networks). */
const RETRY_MS = 20_000;
const ROADS = kindDef(ROAD_KIND)!.collection;
const HOTSPOTS = kindDef(HOTSPOT_KIND)!.collection;

/** An outbox entry on its way: a photo upload, or edits for `POST /api/edits` from field mode. */
const sendFromField: Send = (request) => (request.kind === 'photo' ? sendPhoto(request.blob) : sendEdits(request.batch, 'field', request.key));

export class FieldMode {
	position = $state<Position3 | null>(null);
	locating = $state(false);
	locateError = $state<string | null>(null);
	online = $state(true);
	/** Replaced whole on every change, never proxied: entries go back to IndexedDB, which cannot clone a proxy. */
	entries = $state.raw<OutboxEntry[]>([]);
	flushing = $state(false);
	hardening = $state<HardeningReport | null>(null);
	hardeningError = $state<string | null>(null);
	/** Waiting for the user to tap where a road is to be split. */
	pickingSplit = $state(false);
	splitPreview = $state<SplitPreview | null>(null);
	/** Set when a queued edit was refused for good, so the UI can say so once. */
	lastRefusal = $state<OutboxEntry | null>(null);

	/** The inspection templates (read when field mode opens; kept by the service worker for offline use). */
	templates = $state.raw<InspectionTemplate[]>([]);
	templatesError = $state<string | null>(null);
	/** The inspection open on this phone, if any. */
	inspection = $state<InspectionDraftData | null>(null);
	/** Waiting for a tap on the map where a finding is; `pickedAt` is that tap. */
	pickingFinding = $state(false);
	pickedAt = $state.raw<Position | null>(null);
	/** The walked track of the open inspection. */
	readonly recorder: TrackRecorder;
	/** The last inspection this phone recorded, as the server stored it. */
	lastInspection = $state.raw<InspectionDetail | null>(null);
	/** What is due in this user's zones (or every zone). */
	due = $state.raw<DueAnswer | null>(null);
	dueError = $state<string | null>(null);

	private outbox: Outbox | null = null;
	private ready: Promise<void>;
	private timer: ReturnType<typeof setInterval> | undefined;

	/** What the waiting edits will do, from the edits themselves over the features the page holds. */
	pending: PendingEdits = $derived.by(() =>
		pendingEdits(this.entries, (collection, id) => this.layers.get(collection, id), { now: new Date(this.clock()), rules: DEFAULT_RULES })
	);

	/** `clock`: the server's time (the project time), which stamps a case closed offline as the server would. */
	constructor(
		readonly layers: Layers,
		readonly editor: Editor,
		private readonly clock: () => number = Date.now,
		private readonly timeZone = 'Asia/Shanghai'
	) {
		this.ready = this.open();
		this.recorder = new TrackRecorder((fix) => (this.position = fix));
	}

	private async open(): Promise<void> {
		let store;
		try {
			store = await idbOutboxStore();
		} catch {
			// No IndexedDB (a private window): edits still queue, but only while the page is open.
			store = memoryOutboxStore();
		}
		this.outbox = new Outbox(store, sendFromField, acrossTabs);
		await this.refreshEntries();
	}

	/** Starts listening for the connection; returns the cleanup. */
	start(): () => void {
		this.online = navigator.onLine;
		const goOnline = () => {
			this.online = true;
			void this.flush();
		};
		const goOffline = () => (this.online = false);
		window.addEventListener('online', goOnline);
		window.addEventListener('offline', goOffline);
		this.timer = setInterval(() => {
			if (this.entries.some((e) => e.state === 'waiting')) void this.flush();
		}, RETRY_MS);
		void this.ready.then(() => this.flush());
		void this.loadHardening();
		void this.loadTemplates();
		return () => {
			window.removeEventListener('online', goOnline);
			window.removeEventListener('offline', goOffline);
			clearInterval(this.timer);
			this.recorder.stop();
		};
	}

	/** Edits waiting, as the user counts them: a report's photo is part of the report. */
	get waitingCount(): number {
		return this.entries.filter((e) => e.payload.kind === 'edit').length;
	}

	/** The first edit that needs the user's choice (conflict) or attention (refused). */
	get blocked(): OutboxEntry | undefined {
		return this.entries.find((e) => e.state !== 'waiting');
	}

	/** The selected feature as the edits waiting on the phone leave it (the stored version when none touch it). */
	get selected(): ApiFeature | undefined {
		const f = this.editor.selected;
		const p = f && this.pending.features.get(f.id);
		return f && p ? { ...f, geometry: p.state.geometry, properties: p.state.properties } : f;
	}

	/** The fields of the selected feature a waiting edit changes; `deleted` when one deletes it (a split). */
	get selectedPending(): { fields: Set<string>; deleted: boolean } {
		const p = this.editor.selection && this.pending.features.get(this.editor.selection.id);
		return { fields: p?.fields ?? new Set(), deleted: !!p?.state.deleted };
	}

	/** The road segment the actions apply to: the one tapped, or the nearest to the worker. */
	get road(): ApiFeature | undefined {
		return this.editor.selection?.collection === ROADS ? this.selected : undefined;
	}

	get hotspot(): ApiFeature | undefined {
		return this.editor.selection?.collection === HOTSPOTS ? this.selected : undefined;
	}

	locate(): Promise<void> {
		if (!('geolocation' in navigator)) {
			this.locateError = 'unsupported';
			return Promise.resolve();
		}
		this.locating = true;
		this.locateError = null;
		return new Promise((resolve) => {
			navigator.geolocation.getCurrentPosition(
				(p) => {
					this.locating = false;
					this.position = { lon: p.coords.longitude, lat: p.coords.latitude, accuracyM: p.coords.accuracy, at: p.timestamp };
					this.selectNearestRoad();
					resolve();
				},
				(e) => {
					this.locating = false;
					this.locateError = e.code === e.PERMISSION_DENIED ? 'denied' : e.code === e.TIMEOUT ? 'timeout' : 'unavailable';
					resolve();
				},
				{ enableHighAccuracy: true, timeout: 20_000, maximumAge: 10_000 }
			);
		});
	}

	selectNearestRoad(): void {
		if (!this.position) return;
		const roads = this.layers.byCollection[ROADS].features.values();
		const n = nearestLine(roads, [this.position.lon, this.position.lat], NEAREST_ROAD_MAX_M + this.position.accuracyM);
		if (n) this.editor.select({ collection: ROADS, id: n.item.id });
		this.nearestRoadId = n?.item.id ?? null;
	}

	/** The road `selectNearestRoad` chose (not tapped): an inspection prefers the zone the worker stands in to it. */
	nearestRoadId = $state<number | null>(null);

	/** The user tapped the map while choosing a split point. */
	previewSplit(at: Position): 'ok' | 'split.too-far' | 'split.at-end' | 'split.degenerate' | 'no-road' {
		const road = this.road;
		if (!road || road.geometry.type !== 'LineString') return 'no-road';
		const cut = splitLineAt(road.geometry, at);
		if (!cut.ok) return cut.code;
		this.splitPreview = { road, at: cut.at, parts: cut.parts, lengthsM: cut.lengthsM };
		this.pickingSplit = false;
		return 'ok';
	}

	cancelSplit(): void {
		this.pickingSplit = false;
		this.splitPreview = null;
	}

	async markHardened(road: ApiFeature, input: HardenInput): Promise<void> {
		await this.queue({
			label: 'field.outbox.kinds.harden',
			labelValues: { name: this.nameOf(road) },
			edits: [{ type: 'patch', collection: road.collection, id: road.id, version: road.version, feature: { properties: hardenedProperties(input) } }]
		});
	}

	/** Splits the previewed road and marks one part hardened: one edit, one changeset, one undo. */
	async splitAndMark(part: 0 | 1, input: HardenInput | null): Promise<void> {
		const preview = this.splitPreview;
		if (!preview) return;
		const properties = input ? hardenedProperties(input) : null;
		this.splitPreview = null;
		await this.queue({
			label: input ? 'field.outbox.kinds.splitHarden' : 'field.outbox.kinds.split',
			labelValues: { name: this.nameOf(preview.road), length: Math.round(preview.lengthsM[part]) },
			edits: [{ type: 'split', id: preview.road.id, version: preview.road.version, at: preview.at, parts: part === 0 ? [properties, null] : [null, properties] }]
		});
	}

	async reportHotspot(at: Position, properties: Record<string, unknown>, photo: Blob | null): Promise<void> {
		const photoEntry = photo ? await this.queuePhoto(photo) : null;
		await this.queue(
			{
				label: 'field.outbox.kinds.report',
				edits: [{ type: 'report-case', feature: { type: 'Feature', geometry: { type: 'Point', coordinates: at }, properties: { ...properties, ...(photoEntry ? { photos: [photoEntry.standIn] } : {}) } } }]
			},
			photoEntry ? { '0.feature.properties.photos.0': photoEntry.ref } : {}
		);
	}

	/** Closes (resolves) an assigned case with a note and a photo of the result. */
	async closeCase(hotspot: ApiFeature, note: string, photo: Blob): Promise<void> {
		const photoEntry = await this.queuePhoto(photo);
		await this.queue(
			{
				label: 'field.outbox.kinds.close',
				labelValues: { name: this.nameOf(hotspot) },
				edits: [{ type: 'move-case', id: hotspot.id, version: hotspot.version, to: 'resolved', note, photoIds: [photoEntry.standIn] }]
			},
			{ '0.photoIds.0': photoEntry.ref }
		);
	}

	/** A vector survey or activity of a zone (除四害), kept and sent like every field edit. */
	async recordVector(type: 'vector-survey' | 'vector-activity', record: Record<string, unknown>): Promise<void> {
		await this.queue({ label: type === 'vector-survey' ? 'vectors.survey' : 'vectors.activity', edits: [{ type, record }] });
	}

	/** Corrects an asset's attributes (a bin's status, a board's date, …). */
	async editAttributes(feature: ApiFeature, changes: Record<string, unknown>): Promise<void> {
		await this.queue({
			label: 'field.outbox.kinds.edit',
			labelValues: { name: this.nameOf(feature) },
			edits: [{ type: 'patch', collection: feature.collection, id: feature.id, version: feature.version, feature: { properties: changes } }]
		});
	}

	/** What the outbox list calls a feature: the title the sheet gives it (target-title.ts), in the language of the moment. */
	private nameOf(f: ApiFeature): string {
		const def = kindByCollection(f.collection);
		if (!def) return `#${f.id}`;
		const title = targetTitle(f, def, this.layers.byCollection[ROADS].features.values(), (text) => text[currentLocaleNow()]);
		return 'text' in title ? title.text : translate(title.key, title.values);
	}

	private async outboxReady(): Promise<Outbox> {
		await this.ready;
		return this.outbox!;
	}

	/** A photo to upload before the edit that names it; the edit holds `standIn` until the upload's answer fills in its id. */
	private async queuePhoto(photo: Blob): Promise<{ ref: OutboxRef; standIn: string }> {
		const entry = await (await this.outboxReady()).enqueue({ payload: { kind: 'photo', blob: photo, contentType: photo.type || 'image/jpeg' } });
		return { ref: { clientId: entry.clientId, path: 'id' }, standIn: `photo:${entry.clientId}` };
	}

	/**
	 * Keeps a user-level edit in the outbox and sends what can go. An edit of a feature that an
	 * edit still waiting changes is based on the version that one will leave: its version comes
	 * from that edit's answer (a ref), so the two never collide with each other.
	 */
	private async queue(edit: UserEdit, refs: Record<string, OutboxRef> = {}): Promise<void> {
		const outbox = await this.outboxReady();
		const pending = this.pending;
		edit.edits.forEach((e, i) => {
			const id = targetOf(e);
			if (id === undefined) return;
			for (const entry of [...this.entries].reverse()) {
				const changes = pending.changesOf.get(entry.clientId);
				const k = changes ? changes.map((c) => c.after.id).lastIndexOf(id) : -1;
				if (k >= 0) {
					refs[`${i}.version`] = { clientId: entry.clientId, path: `features.${k}.version`, optional: true };
					break;
				}
			}
		});
		// IndexedDB stores structured clones, and reactive state proxies cannot be cloned: store plain copies.
		const plain = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
		await outbox.enqueue({ payload: { kind: 'edit', edit: plain(edit) }, ...(Object.keys(refs).length ? { refs: plain(refs) } : {}) });
		await this.refreshEntries();
		await this.flush();
	}

	async flush(): Promise<void> {
		const outbox = await this.outboxReady();
		this.flushing = true;
		try {
			const result = await outbox.flush();
			let roadsChanged = false;
			for (const { entry, body } of result.sent) {
				if (entry.payload.kind !== 'edit') continue;
				this.stored(entry.payload.edit, body as EditsAnswer);
				if (entry.payload.edit.edits.some((e) => e.type === 'record-inspection')) void this.showInspection(body as EditsAnswer);
				roadsChanged ||= (body as EditsAnswer).features.some((f) => f.collection === ROADS);
			}
			const stopped = result.stoppedAt;
			const conflict = stopped && this.conflictOf(stopped);
			// Their version goes on the map now; mine stays in the queue until the user chooses.
			if (conflict) this.editor.session.showCurrent(conflict);
			if (stopped?.state === 'failed') this.lastRefusal = stopped;
			if (result.offline) this.online = false;
			else if (result.sent.length > 0) this.online = true;
			if (roadsChanged) await this.loadHardening();
		} finally {
			this.flushing = false;
			await this.refreshEntries();
		}
	}

	/** A sent edit's answer, as the desktop's: on the map, one undo stop; a split road's marked part stays selected. */
	private stored(edit: UserEdit, answer: EditsAnswer): void {
		const selected = this.editor.selection?.id;
		const split = answer.features.some((f) => f.id === selected && f.deleted);
		this.editor.session.stored(edit, answer);
		if (!split) return;
		// Keep the marked part selected, so the worker sees what they did.
		const marked = answer.features.find((f) => !f.deleted && f.properties?.splitFrom === String(selected) && f.properties?.hardened === true);
		if (marked) this.editor.select({ collection: marked.collection, id: marked.id });
	}

	/** The conflict an entry stopped at, for the choice in the outbox list. */
	conflictOf(entry: OutboxEntry): EditConflict | null {
		return entry.state === 'conflict' && entry.payload.kind === 'edit' && entry.error ? conflictOf(entry.payload.edit, entry.error) : null;
	}

	/** The worker chose after a conflict: per field, as on the desktop (resolveConflict). */
	async keepMine(entry: OutboxEntry, choices: Record<string, FieldChoice>): Promise<void> {
		const conflict = this.conflictOf(entry);
		if (!conflict) return;
		await (await this.outboxReady()).resolve(entry.seq, resolveConflict(conflict, choices));
		await this.refreshEntries();
		await this.flush();
	}

	async discard(entry: OutboxEntry): Promise<void> {
		const outbox = await this.outboxReady();
		await outbox.discard(entry.seq);
		// A photo queued for an edit that is dropped has no use on its own: drop it with it.
		for (const ref of Object.values(entry.refs ?? {})) {
			const photo = this.entries.find((e) => e.clientId === ref.clientId && e.payload.kind === 'photo');
			if (photo) await outbox.discard(photo.seq);
		}
		if (this.lastRefusal?.seq === entry.seq) this.lastRefusal = null;
		await this.refreshEntries();
		await this.flush();
	}

	/** The waiting edits (and the photos they name) as a file to keep or carry to a computer (outbox-file.ts). */
	async saveFile(): Promise<{ blob: Blob; name: string; clientIds: string[] }> {
		await (await this.outboxReady()).settled();
		await this.refreshEntries();
		const saved = await outboxFile(this.entries, this.pending, new Date(this.clock()).toISOString(), localDate(this.clock(), this.timeZone));
		return { ...saved, clientIds: this.entries.map((e) => e.clientId) };
	}

	/** Drops the entries a saved file holds, once it has been imported elsewhere, so they are not sent twice. */
	async discardSaved(clientIds: readonly string[]): Promise<void> {
		const outbox = await this.outboxReady();
		await outbox.settled();
		await this.refreshEntries();
		const saved = new Set(clientIds);
		for (const entry of this.entries) if (saved.has(entry.clientId)) await outbox.discard(entry.seq);
		await this.refreshEntries();
	}

	/**
	 * Queues the edits of a saved file behind those waiting here, to be sent as the phone would have
	 * sent them; an edit already waiting here (the same file imported twice) is left out. Throws
	 * OutboxFileError, queuing nothing, for a file that is not one.
	 */
	async importFile(file: Blob, name: string): Promise<{ added: number; skipped: number }> {
		const read = readOutboxFile(new Uint8Array(await file.arrayBuffer()), name);
		const outbox = await this.outboxReady();
		await this.refreshEntries();
		const have = new Set(this.entries.map((e) => e.clientId));
		let added = 0;
		let skipped = 0;
		for (const entry of read) {
			const edit = entry.payload.kind === 'edit';
			if (entry.clientId && have.has(entry.clientId)) {
				if (edit) skipped++;
				continue;
			}
			await outbox.enqueue(entry);
			if (edit) added++;
		}
		await this.refreshEntries();
		void this.flush();
		return { added, skipped };
	}

	async retry(entry: OutboxEntry): Promise<void> {
		await (await this.outboxReady()).retry(entry.seq);
		await this.refreshEntries();
		await this.flush();
	}

	/** Something to undo: an edit still waiting here, or one this page stored. */
	get canUndo(): boolean {
		return this.waitingCount > 0 || this.editor.history.undoStack.length > 0;
	}

	/**
	 * Takes back the last user-level edit, in one step: one still waiting on the phone is dropped
	 * (with its photo); one already stored is undone on the server, as on the desktop.
	 */
	async undo(): Promise<void> {
		const outbox = await this.outboxReady();
		await outbox.settled();
		await this.refreshEntries();
		const last = this.entries.at(-1);
		if (last?.payload.kind === 'edit') {
			const { label, labelValues } = last.payload.edit;
			await this.discard(last);
			this.editor.toasts.show(translate('undo.done', { what: translate(label, labelValues) }));
			return;
		}
		if (await this.editor.undo()) await this.loadHardening();
	}

	async loadTemplates(): Promise<void> {
		try {
			this.templates = (await apiCall<InspectionTemplatesAnswer>('/api/inspection-templates')).templates;
			this.templatesError = null;
		} catch (e) {
			this.templatesError = (e as Error).message;
		}
	}

	/** What is due: in the user's own zones (`mine`), else in every zone. */
	async loadDue(mine: boolean): Promise<void> {
		try {
			this.dueMine = mine;
			this.due = await apiCall<DueAnswer>(`/api/inspections/due?at=${localDate(this.clock(), this.timeZone)}${mine ? '&mine=1' : ''}`);
			this.dueError = null;
		} catch (e) {
			this.dueError = (e as Error).message;
		}
	}

	/** Opens an inspection of `target` with `template`, and starts recording the walked track. */
	startInspection(template: InspectionTemplate, target: InspectedTarget): void {
		this.lastInspection = null;
		this.inspection = { template, target, startedAt: this.clock(), scores: Object.fromEntries(template.items.map((i) => [i.key, null])), findings: [], note: '', track: emptyTrack() };
		this.recorder.start();
	}

	cancelInspection(): void {
		this.recorder.stop();
		this.pickingFinding = false;
		this.inspection = null;
	}

	/**
	 * Ends the open inspection: the track stops, each finding's photo and then the inspection go to
	 * the outbox as one `record-inspection` edit (one changeset with its cases), sent now or when
	 * the connection is back.
	 */
	async finishInspection(): Promise<void> {
		const draft = this.inspection;
		if (!draft) return;
		const track = this.recorder.stop();
		this.pickingFinding = false;
		const data: InspectionDraftData = { ...draft, track };
		const photos: ({ ref: OutboxRef; standIn: string } | null)[] = [];
		for (const f of data.findings) photos.push(f.photo ? await this.queuePhoto(f.photo) : null);
		const edit = inspectionEdit(data, this.clock(), this.timeZone, (i) => photos[i]?.standIn ?? null);
		const refs: Record<string, OutboxRef> = {};
		photos.forEach((p, i) => {
			if (p) refs[`0.findings.${i}.photos.0`] = p.ref;
		});
		this.inspection = null;
		await this.queue(
			{ label: 'inspection.outbox', labelValues: { name: data.target.name, templateZh: data.template.name.zh, templateEn: data.template.name.en }, done: 'inspection.recorded', edits: [edit] },
			refs
		);
	}

	/** The stored inspection, as the server answers it: its score, cases with deadlines, and patrol share. */
	private async showInspection(answer: EditsAnswer): Promise<void> {
		const id = inspectionIdOf(answer);
		if (id === null) return;
		try {
			this.lastInspection = await apiCall<InspectionDetail>(`/api/inspections/${id}`);
		} catch {
			/* shown when the page next reads it */
		}
		void this.loadDue(this.dueMine);
	}

	/** Whether the due list is of the user's own zones. */
	dueMine = false;

	async loadHardening(): Promise<void> {
		try {
			const res = await fetch('/api/analysis/hardening', { credentials: 'same-origin' });
			if (!res.ok) throw new Error(((await res.json().catch(() => null)) as { message?: string } | null)?.message ?? `HTTP ${res.status}`);
			this.hardening = (await res.json()) as HardeningReport;
			this.hardeningError = null;
		} catch (e) {
			// Offline: the last figures stay, marked with when they were computed.
			this.hardeningError = (e as Error).message;
		}
	}

	private async refreshEntries(): Promise<void> {
		if (!this.outbox) return;
		this.entries = await this.outbox.entries();
	}
}

/** One flush at a time across every tab of this origin (Web Locks), where the browser has them. */
function acrossTabs<T>(fn: () => Promise<T>): Promise<T> {
	if (typeof navigator === 'undefined' || !navigator.locks) return fn();
	return navigator.locks.request('sanimap-field-outbox', fn) as Promise<T>;
}

function hardenedProperties(input: HardenInput): Record<string, unknown> {
	return { hardened: true, surface: input.surface, hardenedAt: input.hardenedAt, ...(input.widthM !== null ? { widthM: input.widthM } : {}) };
}
