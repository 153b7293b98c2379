/**
 * Field mode's state: where the worker stands, the road or case in front of them, the edits
 * waiting in the outbox, and the hardening figures per zone. Every field edit goes through the
 * outbox, online or not, so an edit made in a dead spot behaves like any other: it is kept on the
 * phone and sent in order when the connection is back.
 */
import type { LineString, Position } from 'geojson';
import { splitLineAt } from '../../geo/split-line-at';
import type { ApiFeature } from '../api-client';
import type { Editor } from '../state/editor.svelte';
import type { Layers } from '../state/layers.svelte';
import { nearestLine } from './nearest-feature';
import { memoryOutboxStore, Outbox, type NewEntry, type OutboxEntry } from './outbox';
import { idbOutboxStore } from './outbox-idb';
import { sendOverFetch } from './outbox-send';
import type { HardeningReport } from './hardening-report';

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

export class FieldMode {
	position = $state<Position3 | null>(null);
	locating = $state(false);
	locateError = $state<string | null>(null);
	online = $state(true);
	entries = $state<OutboxEntry[]>([]);
	flushing = $state(false);
	hardening = $state<HardeningReport | null>(null);
	hardeningError = $state<string | null>(null);
	/** Waiting for the user to tap where a road is to be split. */
	pickingSplit = $state(false);
	splitPreview = $state<SplitPreview | null>(null);
	/** Set when a queued edit was refused for good, so the UI can say so once. */
	lastRefusal = $state<OutboxEntry | null>(null);

	private outbox: Outbox | null = null;
	private ready: Promise<void>;
	private timer: ReturnType<typeof setInterval> | undefined;

	constructor(
		readonly layers: Layers,
		readonly editor: Editor
	) {
		this.ready = this.open();
	}

	private async open(): Promise<void> {
		let store;
		try {
			store = await idbOutboxStore();
		} catch {
			// No IndexedDB (a private window): edits still queue, but only while the page is open.
			store = memoryOutboxStore();
		}
		this.outbox = new Outbox(store, sendOverFetch, acrossTabs);
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
		return () => {
			window.removeEventListener('online', goOnline);
			window.removeEventListener('offline', goOffline);
			clearInterval(this.timer);
		};
	}

	/** Edits waiting, as the user counts them: a report's photo is part of the report. */
	get waitingCount(): number {
		return this.entries.filter((e) => e.answer !== 'photo').length;
	}

	/** The first edit that needs the user's choice (conflict) or attention (refused). */
	get blocked(): OutboxEntry | undefined {
		return this.entries.find((e) => e.state !== 'waiting');
	}

	/** The road segment the actions apply to: the one tapped, or the nearest to the worker. */
	get road(): ApiFeature | undefined {
		const sel = this.editor.selection;
		return sel?.collection === 'road-segments' ? this.editor.selected : undefined;
	}

	get hotspot(): ApiFeature | undefined {
		const sel = this.editor.selection;
		return sel?.collection === 'hotspots' ? this.editor.selected : undefined;
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
		const roads = this.layers.byCollection['road-segments'].features.values();
		const n = nearestLine(roads, [this.position.lon, this.position.lat], NEAREST_ROAD_MAX_M + this.position.accuracyM);
		if (n) this.editor.select({ collection: 'road-segments', id: n.item.id });
	}

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
		const properties = hardenedProperties(input);
		await this.queue({
			method: 'PATCH',
			url: `/api/collections/road-segments/items/${road.id}`,
			body: { properties },
			ifMatch: road.version,
			label: 'field.outbox.kinds.harden',
			labelValues: { name: nameOf(road) },
			collection: 'road-segments',
			featureId: road.id,
			geometry: road.geometry,
			answer: 'feature',
			mine: properties
		});
	}

	/** Splits the previewed road and marks one part hardened: one request, one changeset, one undo. */
	async splitAndMark(part: 0 | 1, input: HardenInput | null): Promise<void> {
		const preview = this.splitPreview;
		if (!preview) return;
		const properties = input ? hardenedProperties(input) : null;
		this.splitPreview = null;
		await this.queue({
			method: 'POST',
			url: `/api/collections/road-segments/items/${preview.road.id}/split`,
			body: { at: preview.at, version: preview.road.version, parts: part === 0 ? [properties, null] : [null, properties] },
			label: input ? 'field.outbox.kinds.splitHarden' : 'field.outbox.kinds.split',
			labelValues: { name: nameOf(preview.road), length: Math.round(preview.lengthsM[part]) },
			collection: 'road-segments',
			featureId: preview.road.id,
			geometry: preview.parts[part],
			answer: 'split',
			mine: properties ?? undefined
		});
	}

	async reportHotspot(at: Position, properties: Record<string, unknown>, photo: Blob | null): Promise<void> {
		const refs: NewEntry['refs'] = {};
		const photos: string[] = [];
		if (photo) {
			const p = await this.outboxReady().then((o) => o.enqueue(photoEntry(photo)));
			refs.photo = { clientId: p.clientId, path: 'id' };
			photos.push('{photo}');
		}
		await this.queue({
			method: 'POST',
			url: '/api/hotspots',
			body: { type: 'Feature', geometry: { type: 'Point', coordinates: at }, properties: { ...properties, ...(photos.length ? { photos } : {}) } },
			refs,
			label: 'field.outbox.kinds.report',
			labelValues: {},
			collection: 'hotspots',
			geometry: { type: 'Point', coordinates: at },
			answer: 'feature'
		});
	}

	/** Closes (resolves) an assigned case with a note and a photo of the result. */
	async closeCase(hotspot: ApiFeature, note: string, photo: Blob): Promise<void> {
		const p = await this.outboxReady().then((o) => o.enqueue(photoEntry(photo)));
		await this.queue({
			method: 'POST',
			url: `/api/hotspots/${hotspot.id}/transition`,
			body: { to: 'resolved', version: hotspot.version, note, photoIds: ['{photo}'] },
			refs: { photo: { clientId: p.clientId, path: 'id' } },
			label: 'field.outbox.kinds.close',
			labelValues: { name: nameOf(hotspot) },
			collection: 'hotspots',
			featureId: hotspot.id,
			geometry: hotspot.geometry,
			answer: 'feature',
			mine: { status: 'resolved', resolutionNote: note }
		});
	}

	/** Corrects an asset's attributes (a bin's status, a board's date, …). */
	async editAttributes(feature: ApiFeature, changes: Record<string, unknown>): Promise<void> {
		await this.queue({
			method: 'PATCH',
			url: `/api/collections/${feature.collection}/items/${feature.id}`,
			body: { properties: changes },
			ifMatch: feature.version,
			label: 'field.outbox.kinds.edit',
			labelValues: { name: nameOf(feature) },
			collection: feature.collection,
			featureId: feature.id,
			geometry: feature.geometry,
			answer: 'feature',
			mine: changes
		});
	}

	private async outboxReady(): Promise<Outbox> {
		await this.ready;
		return this.outbox!;
	}

	private async queue(entry: NewEntry): Promise<void> {
		const outbox = await this.outboxReady();
		// IndexedDB stores structured clones, and reactive state proxies cannot be cloned: store plain copies.
		const plain = <T>(v: T): T => (v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T));
		await outbox.enqueue({
			...entry,
			body: plain(entry.body),
			geometry: plain(entry.geometry),
			mine: plain(entry.mine),
			labelValues: plain(entry.labelValues),
			refs: plain(entry.refs)
		});
		await this.refreshEntries();
		await this.flush();
	}

	async flush(): Promise<void> {
		const outbox = await this.outboxReady();
		this.flushing = true;
		try {
			const result = await outbox.flush();
			let roadsChanged = false;
			for (const { entry, body } of result.sent) roadsChanged = this.applyAnswer(entry, body) || roadsChanged;
			const stopped = result.stoppedAt;
			if (stopped?.state === 'conflict') {
				// Their version goes on the map now; mine stays in the queue until the user chooses.
				const theirs = (stopped.error?.details as { current?: ApiFeature | null } | undefined)?.current;
				if (theirs && stopped.collection) this.layers.apply(stopped.collection, [theirs]);
			}
			if (stopped?.state === 'failed') this.lastRefusal = stopped;
			if (result.offline) this.online = false;
			else if (result.sent.length > 0) this.online = true;
			if (roadsChanged) await this.loadHardening();
		} finally {
			this.flushing = false;
			await this.refreshEntries();
		}
	}

	/** Puts a server answer on the map; says whether roads changed (so the rates are stale). */
	private applyAnswer(entry: OutboxEntry, body: unknown): boolean {
		if (!entry.collection || !body || typeof body !== 'object') return false;
		if (entry.answer === 'split') {
			const { removed, features } = body as { removed: ApiFeature; features: ApiFeature[] };
			this.layers.apply(entry.collection, features, [removed.id]);
			// Keep the marked part selected, so the worker sees what they did.
			const marked = features.find((f) => f.properties?.hardened === true && f.properties?.splitFrom === String(removed.id));
			if (this.editor.selection?.id === removed.id) this.editor.select(marked ? { collection: entry.collection, id: marked.id } : null);
			return true;
		}
		if (entry.answer === 'feature') {
			const f = body as ApiFeature;
			const { type, id, geometry, properties, version, collection, updatedAt, updatedBy } = f;
			this.layers.apply(entry.collection, [{ type, id, geometry, properties, version, collection: collection ?? entry.collection, updatedAt, updatedBy }]);
			return entry.collection === 'road-segments';
		}
		return false;
	}

	async keepMine(entry: OutboxEntry): Promise<void> {
		const theirs = (entry.error?.details as { current?: ApiFeature | null } | undefined)?.current;
		if (!theirs) return this.discard(entry);
		await (await this.outboxReady()).keepMine(entry.seq, theirs.version);
		await this.refreshEntries();
		await this.flush();
	}

	async discard(entry: OutboxEntry): Promise<void> {
		const outbox = await this.outboxReady();
		await outbox.discard(entry.seq);
		// A photo queued for a report that is dropped has no use on its own: drop it with it.
		for (const ref of Object.values(entry.refs ?? {})) {
			const photo = this.entries.find((e) => e.clientId === ref.clientId && e.answer === 'photo');
			if (photo) await outbox.discard(photo.seq);
		}
		if (this.lastRefusal?.seq === entry.seq) this.lastRefusal = null;
		await this.refreshEntries();
		await this.flush();
	}

	async retry(entry: OutboxEntry): Promise<void> {
		await (await this.outboxReady()).retry(entry.seq);
		await this.refreshEntries();
		await this.flush();
	}

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

function photoEntry(photo: Blob): NewEntry {
	return { method: 'POST', url: '/api/photos', blob: photo, contentType: photo.type || 'image/jpeg', label: 'field.outbox.kinds.photo', answer: 'photo' };
}

/** A feature's name, else its number: the outbox list says which kind it is in the user's language. */
function nameOf(f: ApiFeature): string {
	const name = f.properties?.name;
	return typeof name === 'string' && name ? name : `#${f.id}`;
}
