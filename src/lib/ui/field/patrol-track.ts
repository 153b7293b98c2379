/**
 * The walked track of an open inspection, from the phone's GPS fixes: fixes worse than the
 * accuracy threshold are dropped, a fix within a few metres of the last one kept adds nothing
 * (standing still), and a jump larger than a walk between two fixes (a tunnel, a reflection, the
 * phone asleep) starts a new part, so the track never draws a street that was not walked.
 */
import CheapRuler from 'cheap-ruler';
import type { LineString, MultiLineString, Position } from 'geojson';

export interface Fix {
	lon: number;
	lat: number;
	accuracyM: number;
	/** ms since the epoch. */
	at: number;
}

/** Fixes less precise than this are dropped (a city street is about 10–20 m wide). */
export const TRACK_ACCURACY_M = 30;
/** A fix closer than this to the last kept one is the same place. */
export const TRACK_MIN_STEP_M = 3;
/** Faster than a brisk walk or a cargo bike between two fixes: a jump, not a walk. */
export const TRACK_MAX_SPEED_MS = 4;
/** A jump always allowed when the fixes come this close in time (GPS catches up after a while). */
const TRACK_MIN_JUMP_M = 50;

export interface TrackParts {
	/** Kept positions, one array per part walked without a jump. */
	parts: Position[][];
	kept: number;
	dropped: number;
}

export const emptyTrack = (): TrackParts => ({ parts: [], kept: 0, dropped: 0 });

/** The track with one more fix: a new object, the old one untouched. */
export function addFix(track: TrackParts, fix: Fix, accuracyM = TRACK_ACCURACY_M, last?: Fix): TrackParts {
	if (!Number.isFinite(fix.lon) || !Number.isFinite(fix.lat) || !(fix.accuracyM <= accuracyM)) return { ...track, dropped: track.dropped + 1 };
	const here: Position = [fix.lon, fix.lat];
	const part = track.parts.at(-1);
	const prev = part?.at(-1);
	if (!part || !prev) return { parts: [...track.parts, [here]], kept: track.kept + 1, dropped: track.dropped };
	const ruler = new CheapRuler(fix.lat, 'meters');
	const d = ruler.distance(prev as [number, number], here as [number, number]);
	if (d < TRACK_MIN_STEP_M) return track;
	const seconds = last ? Math.max((fix.at - last.at) / 1000, 1) : Infinity;
	const jump = d > TRACK_MIN_JUMP_M && d / seconds > TRACK_MAX_SPEED_MS;
	if (jump) return { parts: [...track.parts, [here]], kept: track.kept + 1, dropped: track.dropped };
	return { parts: [...track.parts.slice(0, -1), [...part, here]], kept: track.kept + 1, dropped: track.dropped };
}

/** The track as it is stored with the inspection: null when nothing was walked. */
export function trackGeometry(track: TrackParts): LineString | MultiLineString | null {
	const lines = track.parts.filter((p) => p.length >= 2);
	if (lines.length === 0) return null;
	if (lines.length === 1) return { type: 'LineString', coordinates: lines[0] };
	return { type: 'MultiLineString', coordinates: lines };
}

/** Metres walked along the kept parts. */
export function trackLengthM(track: TrackParts): number {
	let m = 0;
	for (const part of track.parts) {
		if (part.length < 2) continue;
		m += new CheapRuler(part[0][1], 'meters').lineDistance(part as [number, number][]);
	}
	return m;
}
