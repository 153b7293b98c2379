/**
 * The demo community as a history that ends just before the first start, so that "last month",
 * the week stepper, the report's progress and the zone ranking all show something on day one,
 * whenever that day is.
 *
 * Every date of the demo files is moved by the same whole number of weeks (weekdays and spacing
 * stay as they are) so that the newest event lies within the week before `now`. The history is
 * then: one stock changeset, the day before the oldest event, with every feature as it was before
 * its dated events; then one changeset per event, dated when it happened:
 * - bins created on their `installedAt` (all bins installed on one day in one changeset);
 * - roads hardened on their `hardenedAt` (before: an earth lane, not hardened);
 * - display boards renewed on their `contentUpdatedAt`, drains dredged on their `lastDredgedAt`;
 * - shops signing the frontage contract on `frontageContract`, inspected on `lastInspectionAt`;
 * - bait stations refilled on their `lastRefilledAt`; vector surveys and activities recorded on
 *   their `surveyedAt` / `activityAt` (除四害, one changeset per day and kind of record);
 * - hotspot cases reported at `reportedAt`, assigned the deadline before `dueAt`, resolved at
 *   `resolvedAt`, verified a day later, rejected a day after the report, each move stamping the
 *   fields a real move stamps (assignedAt, verifiedAt, rejectedAt and the reason).
 * The history changesets are marked `meta.demo: true`. Pure: the features in, the steps out.
 */
import type { Geometry } from 'geojson';
import type { KindDef } from '../../../domain/kinds';
import { LIFECYCLE_FIELDS } from '../../../domain/hotspot-lifecycle';
import { addDays, instantText, localDate, parseInstant } from '../../../domain/time/instants';
import { addPeriods, periodStart } from '../../../domain/time/periods';
import type { ChangesetInput } from '../../repositories/changeset-input';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export interface DemoFeature {
	def: KindDef;
	geometry: Geometry;
	properties: Record<string, unknown>;
	/** Its id in the demo file (`zone-way-…`), by which other demo records name it. */
	fileId?: string;
}

/** One write of the history: a feature (by its index in the input) created, or updated to these properties. */
export type DemoEdit = { create: number; properties: Record<string, unknown> } | { update: number; properties: Record<string, unknown> };

export interface DemoStep {
	at: number;
	input: ChangesetInput;
	edits: DemoEdit[];
}

export interface DemoHistory {
	/** Weeks every date was moved by (negative: back). */
	shiftWeeks: number;
	steps: DemoStep[];
}

/** A dated event in the life of one feature, and the version of it the event writes. */
interface Event {
	feature: number;
	at: number;
	/** The first version of the feature (it is not in the stock). */
	creates?: boolean;
	/** The properties the event gives their final value; the stock has them not yet set. */
	sets: readonly string[];
	/** The version after the event, from the one before (none when it creates) and the final properties. */
	write: (before: Record<string, unknown> | undefined, final: Record<string, unknown>) => Record<string, unknown>;
	/** Events of one group on one day are one changeset (a day's bin installations). */
	group: string;
	comment: string;
	source: ChangesetInput['source'];
	meta?: Record<string, unknown>;
}

export interface DemoHistoryOptions {
	now: number;
	timeZone: string;
	/** Days between assignment and deadline (the rule hotspotDeadlineDays). */
	deadlineDays: number;
}

const STOCK_COMMENT = 'Demo community (OpenStreetMap data © OpenStreetMap contributors, ODbL; sanitation assets generated)';
const AUTHOR = 'sanimap';

export function demoHistory(features: readonly DemoFeature[], options: DemoHistoryOptions): DemoHistory {
	const { now, timeZone } = options;
	const newest = Math.max(...features.flatMap((f, i) => eventsOf(f, i, options).map((e) => e.at)));
	const shiftWeeks = Number.isFinite(newest) ? weeksBefore(newest, now, timeZone) : 0;
	const shifted = features.map((f) => ({ ...f, properties: shiftDates(f.def, f.properties, shiftWeeks, timeZone) }));
	const events = shifted.flatMap((f, i) => eventsOf(f, i, options)).sort((a, b) => a.at - b.at || a.feature - b.feature);

	const stock: DemoEdit[] = [];
	const current = new Map<number, Record<string, unknown>>();
	const eventsOfFeature = new Map<number, Event[]>();
	for (const e of events) eventsOfFeature.set(e.feature, [...(eventsOfFeature.get(e.feature) ?? []), e]);
	shifted.forEach((f, i) => {
		const own = eventsOfFeature.get(i) ?? [];
		if (own.some((e) => e.creates)) return;
		const before = beforeEvents(f, own);
		current.set(i, before);
		stock.push({ create: i, properties: before });
	});

	const oldest = events.length ? events[0].at : now;
	// The morning of the day before the oldest event, in the project's zone.
	const stockAt = Math.min(addPeriods(periodStart(oldest, 'day', timeZone), 'day', -1, timeZone) + 9 * HOUR_MS, now);
	const steps: DemoStep[] = [{ at: stockAt, input: { author: AUTHOR, source: 'seed', comment: STOCK_COMMENT }, edits: stock }];
	let open: { step: DemoStep; key: string } | null = null;
	for (const e of events) {
		const was = current.get(e.feature);
		const next = e.write(was, shifted[e.feature].properties);
		current.set(e.feature, next);
		const edit: DemoEdit = was === undefined ? { create: e.feature, properties: next } : { update: e.feature, properties: next };
		const key = `${e.group} ${localDate(e.at, timeZone)}`;
		if (open && open.key === key && e.group !== 'hotspot') {
			open.step.edits.push(edit);
			continue;
		}
		const step: DemoStep = { at: e.at, input: { author: AUTHOR, source: e.source, comment: e.comment, meta: { demo: true, ...e.meta } }, edits: [edit] };
		steps.push(step);
		open = { step, key };
	}
	return { shiftWeeks, steps };
}

/** The largest whole number of weeks that moves `newest` to no later than `now`. */
function weeksBefore(newest: number, now: number, timeZone: string): number {
	let weeks = Math.floor((now - newest) / (7 * DAY_MS));
	// Across daylight-saving changes a zone's week is not always 168 hours: settle on the wall clock.
	while (addPeriods(newest, 'week', weeks, timeZone) > now) weeks--;
	while (addPeriods(newest, 'week', weeks + 1, timeZone) <= now) weeks++;
	return weeks;
}

/** Every date and date-time field moved by whole weeks on the zone's calendar; instants stay in the form they were written. */
function shiftDates(def: KindDef, properties: Record<string, unknown>, weeks: number, timeZone: string): Record<string, unknown> {
	if (weeks === 0) return properties;
	const out = { ...properties };
	for (const field of def.fields) {
		const value = out[field.key];
		if (typeof value !== 'string') continue;
		if (field.type === 'date') out[field.key] = addDays(value, 7 * weeks);
		else if (field.type === 'datetime') {
			const ms = parseInstant(value, timeZone);
			if (ms !== null) out[field.key] = instantText(addPeriods(ms, 'week', weeks, timeZone), value.endsWith('Z') ? 'UTC' : timeZone);
		}
	}
	return out;
}

/** The hour of the working day a dated event is recorded at, on that day in the project's zone. */
const onDay = (date: unknown, hour: number, timeZone: string): number | null =>
	typeof date === 'string' ? parseInstant(`${date}T${String(hour).padStart(2, '0')}:00`, timeZone) : null;

/** Gives `keys` their final values. */
const setting = (keys: readonly string[]) => (before: Record<string, unknown> | undefined, final: Record<string, unknown>) => ({ ...before, ...pick(final, keys) });

function eventsOf(f: DemoFeature, feature: number, { timeZone, deadlineDays }: DemoHistoryOptions): Event[] {
	const p = f.properties;
	const events: Event[] = [];
	const add = (at: number | null, sets: readonly string[], e: Pick<Event, 'group' | 'comment' | 'source'>) => {
		if (at !== null) events.push({ feature, at, sets, write: setting(sets), ...e });
	};
	switch (f.def.kind) {
		case 'bin': {
			const at = onDay(p.installedAt, 10, timeZone);
			if (at !== null) events.push({ feature, at, creates: true, sets: [], write: (_, final) => final, group: 'bin-installs', comment: 'Bins installed', source: 'web' });
			break;
		}
		case 'roadSegment':
			add(onDay(p.hardenedAt, 16, timeZone), ['hardenedAt', 'hardened', 'surface'], { group: 'roads', comment: 'Road hardened', source: 'field' });
			break;
		case 'displayBoard':
			add(onDay(p.contentUpdatedAt, 11, timeZone), ['contentUpdatedAt'], { group: 'boards', comment: 'Display board content renewed', source: 'field' });
			break;
		case 'drain':
			add(onDay(p.lastDredgedAt, 14, timeZone), ['lastDredgedAt'], { group: 'dredging', comment: 'Drain dredged', source: 'field' });
			break;
		case 'shop':
			add(onDay(p.frontageContract, 15, timeZone), ['frontageContract'], { group: 'contracts', comment: 'Frontage contract signed (门前三包)', source: 'web' });
			add(onDay(p.lastInspectionAt, 10, timeZone), ['lastInspection', 'lastInspectionAt'], { group: 'inspections', comment: 'Shop inspected', source: 'field' });
			break;
		case 'hotspot':
			events.push(...hotspotMoves(p, feature, timeZone, deadlineDays));
			break;
		case 'baitStation':
			add(onDay(p.lastRefilledAt, 9, timeZone), ['lastRefilledAt'], { group: 'bait-refills', comment: 'Bait station refilled', source: 'field' });
			break;
		case 'vectorSurvey':
		case 'vectorActivity': {
			const survey = f.def.kind === 'vectorSurvey';
			const at = onDay(survey ? p.surveyedAt : p.activityAt, survey ? 10 : 15, timeZone);
			const comment = survey ? 'Vector survey recorded' : 'Vector activity recorded';
			if (at !== null) events.push({ feature, at, creates: true, sets: [], write: (_, final) => final, group: f.def.kind, comment, source: 'field' });
			break;
		}
	}
	return events;
}

/** Fields only the lifecycle's moves set (domain/hotspot-lifecycle), and the deadline. */
const MOVED = new Set<string>([...LIFECYCLE_FIELDS, 'dueAt']);

/** A case's moves, in order and each after the one before, stamping what a move through the API stamps. */
function hotspotMoves(p: Record<string, unknown>, feature: number, timeZone: string, deadlineDays: number): Event[] {
	const reported = parseInstant(p.reportedAt, timeZone);
	if (reported === null) return [];
	const iso = (ms: number) => new Date(ms).toISOString();
	const move = (from: string | null, to: string, at: number, stamps: Record<string, unknown>, reason: string | null = null): Event => ({
		feature,
		at,
		creates: from === null,
		sets: [],
		write: (before, final) => ({ ...(before ?? Object.fromEntries(Object.entries(final).filter(([k]) => !MOVED.has(k)))), status: to, ...stamps }),
		group: 'hotspot',
		comment: from === null ? 'Hotspot reported' : `Hotspot ${from} → ${to}`,
		source: to === 'assigned' || to === 'rejected' ? 'web' : 'field',
		meta: { hotspot: { from, to, note: null, reason, photoIds: [] } }
	});
	const moves = [move(null, 'reported', reported, {})];
	// Each move at least a minute after the one before, so the story keeps its order.
	let last = reported;
	const after = (ms: number) => (last = Math.max(ms, last + 60_000));
	const status = String(p.status ?? 'reported');
	const due = parseInstant(p.dueAt, timeZone);
	const resolved = parseInstant(p.resolvedAt, timeZone);
	if (due !== null) {
		// The deadline is the rule's days after assignment (data/README.md: dueAt = assignment + 7 days).
		const assignedAt = after(due - deadlineDays * DAY_MS);
		moves.push(move('reported', 'assigned', assignedAt, { assignedAt: iso(assignedAt), dueAt: p.dueAt }));
	}
	if (resolved !== null && (status === 'resolved' || status === 'verified')) {
		moves.push(move('assigned', 'resolved', after(resolved), { resolvedAt: p.resolvedAt }));
		if (status === 'verified') {
			const verifiedAt = after(resolved + DAY_MS);
			moves.push(move('resolved', 'verified', verifiedAt, { verifiedAt: iso(verifiedAt) }));
		}
	}
	if (status === 'rejected') {
		const rejectedAt = after(reported + DAY_MS);
		// The demo's descriptions of rejected cases end with the reason in brackets: （经核实为重复上报）.
		const reason = /（([^）]+)）$/.exec(String(p.description ?? ''))?.[1] ?? '经核实无需整改';
		moves.push(move(due === null ? 'reported' : 'assigned', 'rejected', rejectedAt, { rejectedAt: iso(rejectedAt), rejectionReason: reason }, reason));
	}
	return moves;
}

/** A feature's properties before its dated events: without what they set; a road before hardening is an earth lane. */
function beforeEvents(f: DemoFeature, events: readonly Event[]): Record<string, unknown> {
	const keys = new Set(events.flatMap((e) => e.sets));
	const before = Object.fromEntries(Object.entries(f.properties).filter(([k]) => !keys.has(k)));
	if (f.def.kind === 'roadSegment' && keys.has('hardenedAt')) Object.assign(before, { hardened: false, surface: 'earth' });
	return before;
}

const pick = (p: Record<string, unknown>, keys: readonly string[]) => Object.fromEntries(keys.filter((k) => k in p).map((k) => [k, p[k]]));
