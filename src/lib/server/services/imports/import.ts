/**
 * Imports: a file is read once into rows (upload), then planned against the database as often as
 * the person changes the kind, CRS, key column or column mapping (preview), then committed as one
 * changeset, undoable in one step (commit). Features an earlier import created are found by key
 * column or OSM id and updated, naming their current version, instead of duplicated.
 *
 * This runs in the import worker (import-worker-main.ts), over the worker's own connection, so
 * that parsing a large file or writing it never holds the server's main thread; the server and the
 * CLI reach it through ImportRunner (import-runner.ts).
 */
import type { Geometry } from 'geojson';
import { COLLECTION, kindByCollection, kindDef, type KindDef } from '../../../domain/kinds';
import { checkMapping, guessMapping, mappableFields, type ColumnMapping, type ColumnNote } from '../../../import/column-mapping';
import { isSourceCrs } from '../../../import/crs';
import { parseFile } from '../../../import/parse-file';
import { prepareFileRow, prepareOsmRow, type Candidate } from '../../../import/prepare-row';
import { OSM_FORMATS, rowIssue, type ImportIssue, type ImportLimits, type ParsedFile, type SourceCrs } from '../../../import/types';
import { ServiceError } from '../service-error';
import type { ChangesetInput } from '../../repositories/changesets';
import type { ChangesetStore, FeatureReads } from '../../store/types';
import type { ImportKeyReads } from '../../store/import-keys';
import type { Change } from '../../../domain/edits/change';
import type { StoredFeature } from '../../repositories/stored-feature';
import { featuresByImportKey, featuresByOsmId } from './import-matching';
import { refuseImport } from './import-refusal';

export interface ImportChoices {
	/** Target layer (collection id); ignored for OSM extracts, which fill every layer. */
	collection?: string;
	crs?: string;
	keyColumn?: string | null;
	mapping?: unknown;
}

type Action = 'create' | 'update' | 'unchanged';

interface PlannedRow {
	candidate: Candidate;
	action: Action;
	existing?: StoredFeature;
	op?: Change;
}

export interface ImportPlan {
	format: ParsedFile['format'];
	osm: boolean;
	def: KindDef | null;
	crs: SourceCrs;
	keyColumn: string | null;
	mapping: ColumnMapping;
	/** Columns whose header names a field their values do not fit, left unmapped (kept as source attributes). */
	columnNotes: ColumnNote[];
	total: number;
	planned: PlannedRow[];
	issues: ImportIssue[];
	/** Rows that cannot be imported, by kind (file imports: all under the chosen kind). */
	rejected: Map<string, number>;
}

export interface ImportResult {
	changesetId: number | null;
	created: number;
	updated: number;
	unchanged: number;
	rejected: number;
	/** Per collection id, for OSM extracts and as a breakdown for any import. */
	layers: Record<string, { created: number; updated: number; unchanged: number; rejected: number }>;
	issues: ImportIssue[];
	columnNotes: ColumnNote[];
}

/** Rows between pauses, so that other jobs of the same worker (another person's preview) take turns. */
const YIELD_EVERY = 100;
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));
const MAX_ISSUES_SHOWN = 1000;


/** Which columns of a CSV give the position, for the preview's column list. */
export type PositionRole = 'longitude' | 'latitude' | 'wkt';

export class ImportService {
	constructor(
		private readonly features: FeatureReads,
		private readonly changesets: ChangesetStore,
		private readonly importKeys: ImportKeyReads,
		private readonly limits: ImportLimits,
		/** Fills fields that default to the time of the write. */
		private readonly clock: () => Date
	) {}

	/** Reads an uploaded file; a file that cannot be read at all is a ServiceError. */
	async read(bytes: Uint8Array, filename: string, onProgress?: (done: number, total: number) => void): Promise<ParsedFile> {
		const outcome = await parseFile({ bytes, filename }, this.limits, onProgress);
		if (!outcome.ok) throw new ServiceError(outcome.problem.reason ?? 'invalid', outcome.problem.code, outcome.problem.message, outcome.problem.details, outcome.problem.params ?? {});
		return outcome.file;
	}

	/** Checks every row against the kind and the database: what would be created, updated, left alone or refused. */
	async plan(file: ParsedFile, choices: ImportChoices, onProgress?: (done: number, total: number) => void): Promise<ImportPlan> {
		const osm = OSM_FORMATS.includes(file.format);
		const crs = choices.crs === undefined || choices.crs === '' ? 'wgs84' : choices.crs;
		if (!isSourceCrs(crs)) throw refuseImport('invalid', 'import.crs', `Unknown coordinate system "${crs}": use wgs84, gcj02 (Amap, Tencent) or bd09 (Baidu).`, { value: String(crs).slice(0, 40) });
		let def: KindDef | null = null;
		let mapping: ColumnMapping = {};
		let columnNotes: ColumnNote[] = [];
		let sourceColumns: string[] = [];
		let keyColumn: string | null = null;
		if (!osm) {
			const collection = choices.collection || (file.format === 'gpx' ? COLLECTION.roadSegment : '');
			def = kindByCollection(collection) ?? null;
			if (!def) throw refuseImport('invalid', 'import.kind', collection ? `There is no layer "${collection}".` : 'Choose the layer to import into (kind).', { value: collection.slice(0, 40) });
			keyColumn = choices.keyColumn ? String(choices.keyColumn) : null;
			if (keyColumn !== null && !file.columns.includes(keyColumn)) throw refuseImport('invalid', 'import.key-column', `The file has no column "${keyColumn}" to use as key.`, { column: keyColumn.slice(0, 100) });
			const coordinates = coordinateColumns(file);
			const guess = guessMapping(def, file.columns, { skip: coordinates, rows: file.rows.map((r) => r.attributes) });
			if (choices.mapping !== undefined && choices.mapping !== null) {
				const checked = checkMapping(def, file.columns, choices.mapping);
				if (!checked.ok) throw refuseImport('invalid', 'import.mapping', checked.message, checked.params);
				mapping = checked.mapping;
			} else {
				mapping = guess.mapping;
			}
			// Said as long as the column stays unmapped, also after the person sent a mapping back.
			columnNotes = guess.notes.filter((n) => !mapping[n.column]);
			sourceColumns = file.columns.filter((c) => !mapping[c] && !coordinates.includes(c));
		}

		const issues: ImportIssue[] = [...file.issues];
		const rejected = new Map<string, number>();
		const rejectedRows = new Set(file.issues.filter((i) => i.severity === 'error' && i.row !== null).map((i) => i.row));
		if (def && rejectedRows.size > 0) rejected.set(def.kind, rejectedRows.size);
		const candidates: Candidate[] = [];
		const seenKeys = new Map<string, number>();
		const now = this.clock();
		for (let i = 0; i < file.rows.length; i++) {
			if (i > 0 && i % YIELD_EVERY === 0) {
				onProgress?.(i, file.rows.length);
				await yieldToEventLoop();
			}
			const source = file.rows[i];
			const prepared = osm
				? prepareOsmRow(source, { crs, limits: this.limits, now })
				: prepareFileRow(source, { def: def!, mapping, crs, keyColumn: keyColumn ?? undefined, sourceColumns, limits: this.limits, now });
			if (!prepared) continue;
			issues.push(...prepared.issues);
			let candidate = prepared.candidate;
			if (candidate?.key !== undefined) {
				const first = seenKeys.get(`${candidate.kind}\u0000${candidate.key}`);
				if (first !== undefined) {
					issues.push(rowIssue(source.row, 'key.duplicate', `Row ${source.row} has the same key "${candidate.key}" as row ${first}; each key may appear once.`, keyColumn ? `column.${keyColumn}` : 'osmId', 'error', { key: candidate.key.slice(0, 100), first }));
					candidate = undefined;
				} else seenKeys.set(`${candidate.kind}\u0000${candidate.key}`, source.row);
			}
			if (candidate) candidates.push(candidate);
			else {
				const kind = prepared.kind ?? def!.kind;
				rejected.set(kind, (rejected.get(kind) ?? 0) + 1);
			}
		}
		onProgress?.(file.rows.length, file.rows.length);
		return { format: file.format, osm, def, crs, keyColumn, mapping, columnNotes, total: file.rows.length + rejectedRows.size, planned: await this.match(candidates, osm, keyColumn), issues, rejected };
	}

	/** Pairs candidates with the features earlier imports made, and decides each one's action. */
	private async match(candidates: Candidate[], osm: boolean, keyColumn: string | null): Promise<PlannedRow[]> {
		const existingByKind = new Map<string, Map<string, StoredFeature>>();
		for (const kind of new Set(candidates.flatMap((c) => (c.key !== undefined ? [c.kind] : [])))) {
			existingByKind.set(kind, osm ? await featuresByOsmId(this.features, kind) : keyColumn ? await featuresByImportKey(this.features, this.importKeys, kind, keyColumn) : new Map());
		}
		return candidates.map((candidate) => {
			const current = candidate.key !== undefined ? existingByKind.get(candidate.kind)!.get(candidate.key) : undefined;
			if (!current) return { candidate, action: 'create', op: { op: 'create', kind: candidate.kind, geometry: candidate.geometry, properties: candidate.properties } };
			const properties = { ...current.properties, ...candidate.given };
			if (sameJson(properties, current.properties) && sameJson(candidate.geometry, current.geometry)) return { candidate, action: 'unchanged', existing: current };
			// The fields the file gives, over what is stored: someone's edit of other fields since the preview is kept (merge.ts).
			return { candidate, action: 'update', existing: current, op: { op: 'update', id: current.id, baseVersion: current.version, geometry: candidate.geometry as Geometry, properties: candidate.given } };
		});
	}

	/** The preview a person decides on: counts, the mapping, the problems and the features for a map. */
	describe(plan: ImportPlan, session: { token?: string; filename: string; file: ParsedFile }) {
		const counts = tally(plan);
		const valid = plan.planned.length;
		const features = plan.planned.slice(0, 5000).map((p) => ({ type: 'Feature' as const, geometry: p.candidate.geometry, properties: { row: p.candidate.row, kind: p.candidate.kind, action: p.action } }));
		return {
			...(session.token ? { token: session.token } : {}),
			filename: session.filename,
			format: plan.format,
			notes: session.file.notes,
			collection: plan.def?.collection ?? null,
			crs: plan.crs,
			keyColumn: plan.keyColumn,
			columns: session.file.columns,
			mapping: plan.mapping,
			columnNotes: plan.columnNotes,
			positionColumns: positionColumns(session.file),
			fields: plan.def ? mappableFields(plan.def).map((f) => ({ key: f.key, type: f.type, label: f.label })) : [],
			total: plan.total,
			valid,
			rejected: counts.rejected,
			create: counts.created,
			update: counts.updated,
			unchanged: counts.unchanged,
			layers: counts.layers,
			issueCount: plan.issues.length,
			issues: plan.issues.slice(0, MAX_ISSUES_SHOWN),
			features: { type: 'FeatureCollection' as const, features },
			bbox: bboxOf(plan.planned.map((p) => p.candidate.geometry))
		};
	}

	/**
	 * Writes the plan as one changeset. Refused (422, nothing written) when rows would be left out
	 * and the caller did not say to skip them, or when nothing at all can be imported.
	 * `onWrite` hears how many of the features the write path has taken up so far, as it goes.
	 */
	async commit(plan: ImportPlan, input: { filename: string; skipInvalid: boolean; author: string; userId?: number | null; comment?: string }, onWrite?: (done: number, total: number) => void): Promise<ImportResult> {
		const counts = tally(plan);
		const errors = plan.issues.filter((i) => i.severity === 'error');
		if (plan.planned.length === 0) {
			throw refuseImport(
				'cannot-apply',
				'import.nothing-valid',
				errors.length ? `Nothing can be imported: ${errors.length} problem${errors.length > 1 ? 's' : ''}, the first: ${errors[0].message}` : 'The file has no features to import.',
				{ count: errors.length },
				{ issues: errors.slice(0, MAX_ISSUES_SHOWN) }
			);
		}
		if (counts.rejected > 0 && !input.skipInvalid) {
			throw refuseImport(
				'cannot-apply',
				'import.rows-invalid',
				`${counts.rejected} row${counts.rejected > 1 ? 's' : ''} cannot be imported (first: ${errors[0]?.message ?? 'see issues'}). Fix the file, or confirm to import the other ${plan.planned.length} and skip ${counts.rejected > 1 ? 'these' : 'this one'}.`,
				{ rejected: counts.rejected, valid: plan.planned.length },
				{ rejected: counts.rejected, issues: errors.slice(0, MAX_ISSUES_SHOWN) }
			);
		}
		const writes = plan.planned.filter((p) => p.op);
		let changesetId: number | null = null;
		if (writes.length > 0) {
			const meta: Record<string, unknown> = { crs: plan.crs, file: input.filename, format: plan.format, kind: plan.osm ? 'osm' : plan.def!.kind, rows: plan.total };
			const changesetInput: ChangesetInput = {
				author: input.author,
				userId: input.userId ?? null,
				source: 'import',
				comment: input.comment ?? `Import of ${input.filename}`,
				meta
			};
			const ops = writes.map((p) => p.op!);
			// Record key → feature id for every row, so the next import of this file finds them:
			// the ids of new features are known once written, inside the same changeset.
			const recordKeys = plan.keyColumn
				? (written: readonly { id: number }[]) => {
						const keys: Record<string, number> = {};
						writes.forEach((p, i) => (keys[p.candidate.key!] = written[i].id));
						for (const p of plan.planned) if (p.action === 'unchanged') keys[p.candidate.key!] = p.existing!.id;
						return { keyColumn: plan.keyColumn, keys };
					}
				: undefined;
			const applied = await this.changesets.apply(changesetInput, onWrite ? countingReads(ops, onWrite) : ops, recordKeys);
			changesetId = applied.changeset.id;
		}
		return { changesetId, ...counts, issues: plan.issues.slice(0, MAX_ISSUES_SHOWN), columnNotes: plan.columnNotes };
	}
}

/**
 * The same array, telling `onRead` how far into it a reader has got: the write path takes the ops
 * in order, one synchronous step each, so this is its progress, without a hook inside it.
 */
function countingReads<T>(items: T[], onRead: (done: number, total: number) => void): T[] {
	let furthest = 0;
	return new Proxy(items, {
		get(target, key, receiver) {
			if (typeof key === 'string' && key.length > 0 && key.length < 16 && key.charCodeAt(0) >= 48 && key.charCodeAt(0) <= 57) {
				const done = Number(key) + 1;
				if (done > furthest && done <= target.length) onRead((furthest = done), target.length);
			}
			return Reflect.get(target, key, receiver);
		}
	});
}

/** The columns the position was read from (CSV), each with what it gave: they fill no field and are kept as no source attribute. */
function positionColumns(file: ParsedFile): { column: string; role: PositionRole }[] {
	const c = file.notes.coordinateColumns as { lon?: string; lat?: string; wkt?: string } | undefined;
	const out: { column: string; role: PositionRole }[] = [];
	if (c?.lon) out.push({ column: c.lon, role: 'longitude' });
	if (c?.lat) out.push({ column: c.lat, role: 'latitude' });
	if (c?.wkt) out.push({ column: c.wkt, role: 'wkt' });
	return out;
}

function coordinateColumns(file: ParsedFile): string[] {
	const c = file.notes.coordinateColumns as { lon?: string; lat?: string; wkt?: string } | undefined;
	return [c?.lon, c?.lat, c?.wkt].filter((x): x is string => typeof x === 'string');
}

function tally(plan: ImportPlan) {
	const layers: ImportResult['layers'] = {};
	const layer = (kind: string) => (layers[kindDef(kind)!.collection] ??= { created: 0, updated: 0, unchanged: 0, rejected: 0 });
	if (plan.def) layer(plan.def.kind);
	for (const p of plan.planned) {
		const l = layer(p.candidate.kind);
		if (p.action === 'create') l.created++;
		else if (p.action === 'update') l.updated++;
		else l.unchanged++;
	}
	for (const [kind, n] of plan.rejected) layer(kind).rejected += n;
	const sum = (k: 'created' | 'updated' | 'unchanged' | 'rejected') => Object.values(layers).reduce((s, l) => s + l[k], 0);
	return { created: sum('created'), updated: sum('updated'), unchanged: sum('unchanged'), rejected: sum('rejected'), layers };
}

/** Equality of JSON values regardless of key order. */
function sameJson(a: unknown, b: unknown): boolean {
	if (a === b) return true;
	if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
	if (Array.isArray(a) !== Array.isArray(b)) return false;
	if (Array.isArray(a)) return a.length === (b as unknown[]).length && a.every((v, i) => sameJson(v, (b as unknown[])[i]));
	const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
	const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
	return ka.length === kb.length && ka.every((k) => sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

function bboxOf(geometries: Geometry[]): [number, number, number, number] | null {
	let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
	for (const g of geometries) {
		const stack: unknown[] = [(g as { coordinates: unknown }).coordinates];
		while (stack.length) {
			const node = stack.pop() as unknown[];
			if (typeof node[0] === 'number') {
				const [x, y] = node as number[];
				minX = Math.min(minX, x);
				minY = Math.min(minY, y);
				maxX = Math.max(maxX, x);
				maxY = Math.max(maxY, y);
			} else for (const c of node) stack.push(c);
		}
	}
	return Number.isFinite(minX) ? [minX, minY, maxX, maxY] : null;
}
