/**
 * The browser's calls for hotspot cases, photos and zone figures. Failures are ApiClientError
 * with the server's code, which the panel turns into a message in the user's language.
 */
import type { Point } from 'geojson';
import type { Duplicate, TimelineEntry } from '../../domain/hotspot-case';
import { apiCall as call, type ApiFeature } from '../api-client';

export type { Duplicate, TimelineEntry } from '../../domain/hotspot-case';

export interface ReportAnswer extends ApiFeature {
	changesetId: number;
	zone: { id: number; name: string | null } | null;
	duplicates: Duplicate[];
}

export interface ZoneFigure {
	id: number;
	name: string | null;
	count: number;
	perKm2: number | null;
	areaKm2: number | null;
	per1000Residents: number | null;
	open: number;
	overdue: number;
	resolvedOnTimePct: number | null;
	medianDaysToResolve: number | null;
}

export interface ZoneFigures {
	zones: ZoneFigure[];
	outside: number;
	weeks?: { start: string; end: string }[];
	trend?: Record<string, number[]>;
}

const JSON_HEADERS = { 'content-type': 'application/json', 'x-sanimap-source': 'field' };

export function uploadPhoto(file: File, signal?: AbortSignal): Promise<{ id: string; url: string }> {
	return call('/api/photos', {
		method: 'POST',
		body: file,
		signal,
		headers: { 'content-type': file.type || 'application/octet-stream', 'x-filename': encodeURIComponent(file.name) }
	});
}

export function reportHotspot(geometry: Point, properties: Record<string, unknown>): Promise<ReportAnswer> {
	return call('/api/hotspots', { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ type: 'Feature', geometry, properties }) });
}

export function moveHotspot(
	id: number,
	body: { to: string; version: number; note?: string; reason?: string; photoIds?: string[] }
): Promise<ApiFeature & { changesetId: number }> {
	return call(`/api/hotspots/${id}/transition`, { method: 'POST', headers: { ...JSON_HEADERS, 'x-sanimap-source': 'web' }, body: JSON.stringify(body) });
}

export async function loadTimeline(id: number, signal?: AbortSignal): Promise<TimelineEntry[]> {
	return (await call<{ timeline: TimelineEntry[] }>(`/api/hotspots/${id}/timeline`, { signal })).timeline;
}

export async function loadHotspot(id: number): Promise<ApiFeature> {
	return call(`/api/collections/hotspots/items/${id}`);
}

export function loadZoneFigures(
	query: { from: string; to: string; categories: string[]; statuses: string[]; trend?: boolean },
	signal?: AbortSignal
): Promise<ZoneFigures> {
	const params = new URLSearchParams({ kind: 'hotspots', from: query.from, to: query.to });
	if (query.categories.length) params.set('category', query.categories.join(','));
	if (query.statuses.length) params.set('status', query.statuses.join(','));
	if (query.trend) params.set('trend', 'week');
	return call(`/api/analysis/zones?${params}`, { signal });
}
