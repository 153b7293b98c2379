/**
 * An inspection as it is sent (`POST /api/inspections`, or a `record-inspection` edit): checked
 * against the template's current version and the stored target, scored, its patrol share worked
 * out, and turned into the edit actions that store it and its findings' cases as one changeset.
 * Every refusal names the item (`details.item`) where there is one.
 */
import { randomUUID } from 'node:crypto';
import * as turf from '@turf/turf';
import type { Geometry, LineString, MultiLineString, MultiPolygon, Point, Polygon } from 'geojson';
import type { InspectionFindingInput, InspectionRecorded, InspectionTemplate, PatrolShare } from '../../../domain/api-types';
import { INSPECTION_TARGETS, type InspectionTarget } from '../../../domain/api-types';
import type { EditAction } from '../../../domain/edits/action';
import { actionsRecordInspection, type FindingCase } from '../../../domain/edits/actions/record-inspection';
import { INSPECTION_KIND, TARGET_KIND } from '../../../domain/inspections/kind';
import { checkScores, scoreOf } from '../../../domain/inspections/score';
import { instantText, parseInstant } from '../../../domain/time/instants';
import { patrolShare, type PatrolShareResult } from '../../../analysis/patrol-share';
import { cleanGeometry, geometryBbox, validateGeometry } from '../../../geo/validate-geometry';
import { storedZoneAt } from '../features/stored-zone-at';
import { ServiceError } from '../service-error';
import type { AppliedChangeset, FeatureReads, StoredFeature } from '../../store/types';
import type { InspectionTemplateService } from './templates';

export const MAX_FINDINGS = 50;
export const MAX_NOTE = 2000;
export const MAX_PHOTOS_PER_FINDING = 3;
/** An inspection may be sent a little ahead of the server's clock (a phone's clock drifts). */
const FUTURE_SLACK_MS = 10 * 60_000;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const MEMBERS = new Set(['templateId', 'target', 'inspectedAt', 'scores', 'note', 'findings', 'track']);

/** The hotspot category a finding of a default item opens; other items open a neglected corner. */
const CATEGORY_OF_ITEM: Record<string, string> = {
	'daily-clearance': 'exposed-rubbish',
	'no-exposed-rubbish': 'exposed-rubbish',
	'drains-clear': 'standing-water',
	'vector-control': 'mosquito-breeding',
	'frontage-order': 'dumped-debris',
	'frontage-clean': 'exposed-rubbish'
};

const bad = (code: string, message: string, details?: Record<string, unknown>) => new ServiceError('invalid', code, message, details);

export interface PreparedInspection {
	ref: string;
	actions: EditAction[];
	/** The kinds the changeset writes, for the permission check. */
	kinds: string[];
	/** The zone the target lies in (or is), for the zone check and the answer. */
	zoneId: number | null;
}

export interface InspectionDeps {
	features: FeatureReads;
	templates: InspectionTemplateService;
	/** Photo ids not uploaded. */
	missingPhotos: (ids: string[]) => Promise<string[]>;
	clock: () => Date;
	timeZone: string;
	zoneAt: (lon: number, lat: number) => Promise<StoredFeature | null>;
}

/** A point standing for a target: a shop's point, the middle of a road, a point inside a zone. */
export function anchorOf(geometry: Geometry): Point {
	if (geometry.type === 'Point') return geometry;
	if (geometry.type === 'LineString' || geometry.type === 'MultiLineString') {
		const line = turf.lineString(geometry.type === 'LineString' ? geometry.coordinates : geometry.coordinates[0]);
		return turf.along(line, turf.length(line) / 2).geometry;
	}
	return turf.pointOnFeature(geometry as Polygon | MultiPolygon).geometry;
}

/** The patrol share of a track over the stored streets of a zone. */
export async function zonePatrol(features: FeatureReads, zone: StoredFeature, track: LineString | MultiLineString): Promise<PatrolShareResult> {
	const [minX, minY, maxX, maxY] = geometryBbox(zone.geometry);
	const roads = (await features.query('roadSegment', { bbox: [minX, minY, maxX, maxY], limit: 100_000 })).features;
	return patrolShare(zone.geometry as Polygon | MultiPolygon, roads.map((r) => ({ type: 'Feature' as const, geometry: r.geometry, properties: {} })), track);
}

/** The zone a point lies in, among the stored zones (read once per call). */
export function zoneLookup(features: FeatureReads): (lon: number, lat: number) => Promise<StoredFeature | null> {
	return (lon, lat) => storedZoneAt(features, lon, lat);
}

export const nameOf = (f: { properties: Record<string, unknown> } | null | undefined): string | null =>
	f && typeof f.properties.name === 'string' && f.properties.name ? f.properties.name : null;

export async function prepareInspection(body: unknown, deps: InspectionDeps, ctx: { author: string; maxVertices: number }): Promise<PreparedInspection> {
	if (!isObject(body)) throw bad('inspection.invalid', 'Send an inspection { templateId, target: { collection, id }, inspectedAt, scores, findings?, track?, note? }.');
	const unknown = Object.keys(body).find((k) => !MEMBERS.has(k));
	if (unknown) throw bad('inspection.unknown-member', `Unknown member "${unknown}".`);

	if (!Number.isSafeInteger(body.templateId) || (body.templateId as number) <= 0) throw bad('inspection.template.invalid', '"templateId" must be the id of an inspection template.');
	const template = await deps.templates.get(body.templateId as number);
	if (!template) throw new ServiceError('not-found', 'inspection.template.not-found', `There is no inspection template ${body.templateId}.`, { templateId: body.templateId });

	const target = body.target;
	if (!isObject(target) || !INSPECTION_TARGETS.includes(target.collection as InspectionTarget) || !Number.isSafeInteger(target.id)) {
		throw bad('inspection.target.invalid', `"target" must be { "collection": one of ${INSPECTION_TARGETS.join(', ')}, "id": <feature id> }.`);
	}
	if (target.collection !== template.target) {
		throw bad('inspection.target.mismatch', `Template ${template.id} (${template.name.en}) inspects ${template.target}, not ${target.collection}.`, { templateId: template.id });
	}
	const targetKind = TARGET_KIND[template.target];
	const targetFeature = await deps.features.get(targetKind, target.id as number);
	if (!targetFeature) throw new ServiceError('not-found', 'inspection.target.not-found', `There is no ${target.collection} feature ${target.id} to inspect.`, { target });

	const inspectedMs = parseInstant(body.inspectedAt, deps.timeZone);
	if (inspectedMs === null || typeof body.inspectedAt !== 'string' || !/T/.test(body.inspectedAt)) {
		throw bad('inspection.inspected-at', '"inspectedAt" must be an ISO 8601 date and time, such as 2026-11-02T09:30:00+08:00.');
	}
	if (inspectedMs > deps.clock().getTime() + FUTURE_SLACK_MS) throw bad('inspection.inspected-at', '"inspectedAt" lies in the future.');

	if (!isObject(body.scores)) throw bad('inspection.scores', '"scores" must be an object { <item key>: points }.');
	if (body.note !== undefined && (typeof body.note !== 'string' || body.note.length > MAX_NOTE)) throw bad('inspection.note', `"note" must be text of at most ${MAX_NOTE} characters.`);

	const findings = parseFindings(body.findings, template, ctx.maxVertices);
	const problem = checkScores(template.items, body.scores, findings);
	if (problem) throw bad(problem.code, problem.message, { item: problem.item });
	const missing = await deps.missingPhotos(findings.flatMap((f) => f.photos ?? []));
	if (missing.length > 0) throw bad('photo.not-found', `Photo ${missing.join(', ')} was not uploaded; upload it with POST /api/photos first.`, { missing });

	let track: LineString | MultiLineString | null = null;
	if (body.track !== undefined && body.track !== null) {
		const issues = validateGeometry(body.track, 'LineString', { maxVertices: ctx.maxVertices }, 'track');
		if (issues.length > 0) throw bad('inspection.track', issues.map((i) => i.message).join(' '), { issues });
		track = cleanGeometry(body.track as Geometry) as LineString | MultiLineString;
	}

	const scores = body.scores as Record<string, number>;
	const score = scoreOf(template.items, scores);
	const anchor = anchorOf(targetFeature.geometry);
	const zone = targetKind === 'zone' ? targetFeature : await deps.zoneAt(anchor.coordinates[0], anchor.coordinates[1]);
	let patrol: PatrolShare | null = null;
	if (track && zone) {
		const share = await zonePatrol(deps.features, zone, track);
		patrol = { roadM: share.roadM, walkedM: share.walkedM, walkedPct: share.walkedPct };
	}
	const responsible = zone && typeof zone.properties.responsible === 'string' && zone.properties.responsible ? zone.properties.responsible : undefined;
	const byKey = new Map(template.items.map((i) => [i.key, i]));
	const ref = randomUUID();
	const cases: FindingCase[] = findings.map((f) => {
		const item = byKey.get(f.itemKey)!;
		return {
			itemKey: f.itemKey,
			geometry: f.geometry,
			properties: {
				category: CATEGORY_OF_ITEM[f.itemKey] ?? 'blind-spot',
				name: item.label.zh,
				...(f.note ? { description: f.note } : {}),
				...(f.photos?.length ? { photos: f.photos } : {})
			}
		};
	});
	const actions = actionsRecordInspection({
		ref,
		geometry: track ?? anchor,
		target: { id: targetFeature.id, kind: targetKind },
		zone: zone ? { id: zone.id, ...(responsible ? { responsible } : {}) } : null,
		findings: cases,
		properties: {
			templateId: template.id,
			templateVersion: template.version,
			templateName: template.name,
			targetCollection: template.target,
			targetId: targetFeature.id,
			targetName: nameOf(targetFeature),
			...(zone ? { zoneId: zone.id } : {}),
			inspectedAt: instantText(inspectedMs, deps.timeZone),
			inspector: ctx.author,
			scores,
			points: score.points,
			maxPoints: score.maxPoints,
			scorePct: score.scorePct,
			...(typeof body.note === 'string' && body.note.trim() ? { note: body.note.trim() } : {}),
			findings: findings.map((f) => ({ itemKey: f.itemKey, geometry: f.geometry, ...(f.note ? { note: f.note } : {}), ...(f.photos?.length ? { photos: f.photos } : {}) })),
			hasTrack: track !== null,
			patrol
		}
	});
	return { ref, actions, kinds: findings.length > 0 ? [INSPECTION_KIND, 'hotspot'] : [INSPECTION_KIND], zoneId: zone?.id ?? null };
}

function parseFindings(raw: unknown, template: InspectionTemplate, maxVertices: number): InspectionFindingInput[] {
	if (raw === undefined || raw === null) return [];
	if (!Array.isArray(raw) || raw.length > MAX_FINDINGS) throw bad('inspection.findings', `"findings" must be a list of at most ${MAX_FINDINGS} findings.`);
	return raw.map((f, i) => {
		if (!isObject(f) || typeof f.itemKey !== 'string') throw bad('inspection.finding', `Finding ${i} must be { itemKey, geometry: Point, note?, photos? }.`, { finding: i });
		const item = f.itemKey;
		if (!template.items.some((it) => it.key === item)) throw bad('inspection.item.unknown', `Finding ${i} names item "${item}", which the checklist does not have.`, { item, finding: i });
		const unknown = Object.keys(f).find((k) => !['itemKey', 'geometry', 'note', 'photos'].includes(k));
		if (unknown) throw bad('inspection.finding', `Finding ${i} (item "${item}"): unknown member "${unknown}".`, { item, finding: i });
		const issues = validateGeometry(f.geometry, 'Point', { maxVertices }, `findings.${i}.geometry`);
		if (issues.length > 0 || (f.geometry as Geometry).type !== 'Point') {
			throw bad('inspection.finding.geometry', `Finding ${i} (item "${item}") needs a Point where the problem is. ${issues.map((x) => x.message).join(' ')}`.trim(), { item, finding: i });
		}
		if (f.note !== undefined && (typeof f.note !== 'string' || f.note.length > MAX_NOTE)) throw bad('inspection.finding', `Finding ${i} (item "${item}"): "note" must be text of at most ${MAX_NOTE} characters.`, { item, finding: i });
		const photos = f.photos ?? [];
		if (!Array.isArray(photos) || photos.length > MAX_PHOTOS_PER_FINDING || !photos.every((p) => typeof p === 'string')) {
			throw bad('inspection.finding', `Finding ${i} (item "${item}"): "photos" must be a list of at most ${MAX_PHOTOS_PER_FINDING} photo ids from POST /api/photos.`, { item, finding: i });
		}
		return { itemKey: item, geometry: cleanGeometry(f.geometry as Geometry) as Point, ...(typeof f.note === 'string' && f.note.trim() ? { note: f.note.trim() } : {}), photos: photos as string[] };
	});
}

/** The answer to a recorded inspection, from the changeset that stored it. */
export function recordedAnswer(applied: AppliedChangeset, ref: string): InspectionRecorded {
	const inspection = applied.results.find((f) => f.kind === INSPECTION_KIND && f.properties.ref === ref)!;
	const p = inspection.properties;
	const cases = applied.results.filter((f) => f.kind === 'hotspot' && f.properties.inspectionId === inspection.id);
	return {
		id: inspection.id,
		templateVersion: p.templateVersion as number,
		points: p.points as number,
		maxPoints: p.maxPoints as number,
		scorePct: (p.scorePct as number | null) ?? null,
		findings: cases.map((c) => ({ itemKey: String(c.properties.inspectionItem), hotspotId: c.id })),
		patrol: (p.patrol as PatrolShare | null) ?? null,
		changeset: applied.changeset
	};
}
