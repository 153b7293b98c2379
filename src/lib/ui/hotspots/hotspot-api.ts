/**
 * The browser's reads of hotspot cases and zone figures, and photo uploads (reports and moves of
 * cases are edits, performed through the page's EditSession). Failures are ApiClientError with the
 * server's code, which the panel turns into a message in the user's language.
 */
import { COLLECTION } from '../../domain/kinds';
import type { PhotoAnswer, ZoneFiguresAnswer, ZoneHotspotFigure } from '../../domain/api-types';
import type { TimelineEntry } from '../../domain/hotspot-case';
import { answerOf, apiCall as call, sendPhoto, type ApiFeature } from '../api-client';

export type { Duplicate, TimelineEntry } from '../../domain/hotspot-case';

/** The API's zone figures as the browser reads them: the zones are features with numeric ids. */
export type ZoneFigure = ZoneHotspotFigure & { id: number };
export type ZoneFigures = Omit<ZoneFiguresAnswer, 'zones'> & { zones: ZoneFigure[] };

/** Photos go up before the edit that names them. */
export async function uploadPhoto(file: File, signal?: AbortSignal): Promise<PhotoAnswer> {
	return answerOf(await sendPhoto(file, file.name, signal));
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
	const params = new URLSearchParams({ kind: COLLECTION.hotspot, from: query.from, to: query.to });
	if (query.categories.length) params.set('category', query.categories.join(','));
	if (query.statuses.length) params.set('status', query.statuses.join(','));
	if (query.trend) params.set('trend', 'week');
	return call(`/api/analysis/zones?${params}`, { signal });
}
