/**
 * The life of a hotspot case as data (DESIGN.md §2): reported → assigned → resolved → verified,
 * or rejected from reported or assigned; a resolution that does not hold up at verification is
 * sent back to assigned, and a verified case a resident says is not fixed is reopened (assigned
 * again) by that answer alone. Each move says what it needs and which fields it stamps. A move that is
 * not allowed, or lacks what it needs, gives a coded reason (like iD's `action.disabled`), never
 * an exception: the HTTP layer turns the reason into a 4xx and the UI only offers allowed moves.
 */
import { HOTSPOT_STATUSES, LIFECYCLE_FIELDS } from './kinds';
import type { Rules } from './rules';

export type HotspotStatus = (typeof HOTSPOT_STATUSES)[number];

const DAY_MS = 86_400_000;

export interface TransitionRule {
	from: HotspotStatus;
	to: HotspotStatus;
	/** A note is required (resolution note, reason for sending back). */
	needsNote?: boolean;
	/** A reason is required (rejection). */
	needsReason?: boolean;
	/** At least one photo is required (proof of the resolution). */
	needsPhoto?: boolean;
	/**
	 * Made only by a resident's "not fixed" (edits/actions/public-report.ts), never by staff: a
	 * verified case is closed for the people who closed it, and only the people who reported it
	 * can say that the fix did not hold.
	 */
	byResident?: boolean;
}

/** Who makes a move: staff through the transition API, or a resident through their answer. */
export type Mover = 'staff' | 'resident';

/** Every allowed move; anything else is refused with `transition.not-allowed`. */
export const HOTSPOT_TRANSITIONS: readonly TransitionRule[] = [
	{ from: 'reported', to: 'assigned' },
	{ from: 'reported', to: 'rejected', needsReason: true },
	{ from: 'assigned', to: 'resolved', needsNote: true, needsPhoto: true },
	{ from: 'assigned', to: 'rejected', needsReason: true },
	{ from: 'resolved', to: 'verified' },
	// Verification failed on site: back to the responsible person, with what is still wrong.
	{ from: 'resolved', to: 'assigned', needsNote: true },
	// A resident answered "not fixed" after verification: back to the same responsible person.
	{ from: 'verified', to: 'assigned', byResident: true }
];

export { LIFECYCLE_FIELDS };

export interface TransitionInput {
	to: string;
	note?: string;
	reason?: string;
	photoIds?: readonly string[];
	/** Default staff. */
	by?: Mover;
}

export type TransitionRefusal = { ok: false; code: string; message: string; details?: Record<string, unknown> };
export type TransitionResult = { ok: true; rule: TransitionRule; patch: Record<string, unknown> } | TransitionRefusal;

export const MAX_NOTE_LENGTH = 2000;
export const MAX_PHOTOS_PER_MOVE = 3;

export function isHotspotStatus(value: unknown): value is HotspotStatus {
	return typeof value === 'string' && (HOTSPOT_STATUSES as readonly string[]).includes(value);
}

/** A case with no status is one just reported (the kind's default). */
export function statusOf(properties: Record<string, unknown>): HotspotStatus {
	return isHotspotStatus(properties.status) ? properties.status : 'reported';
}

/** The moves `by` may make from `from`: staff never make a resident's move, nor a resident a staff one. */
export function allowedTransitions(from: HotspotStatus, by: Mover = 'staff'): TransitionRule[] {
	return HOTSPOT_TRANSITIONS.filter((t) => t.from === from && (t.byResident === true) === (by === 'resident'));
}

const refuse = (code: string, message: string, details?: Record<string, unknown>): TransitionRefusal => ({ ok: false, code, message, details });

/** `start` plus the rule's deadline, as an ISO instant. */
export function dueDateFrom(startIso: string, rules: Pick<Rules, 'hotspotDeadlineDays'>): string {
	return new Date(Date.parse(startIso) + rules.hotspotDeadlineDays * DAY_MS).toISOString();
}

/**
 * Checks a move of a case with `properties` and, when allowed, returns the fields it sets.
 * `now` stamps the move; assignment restarts the deadline (DESIGN.md §3: "7 days after assignment").
 */
export function planTransition(
	properties: Record<string, unknown>,
	input: TransitionInput,
	now: Date,
	rules: Pick<Rules, 'hotspotDeadlineDays'>
): TransitionResult {
	const from = statusOf(properties);
	const by = input.by ?? 'staff';
	if (!isHotspotStatus(input.to)) {
		return refuse('transition.unknown-status', `"${String(input.to)}" is not a hotspot status; use one of: ${HOTSPOT_STATUSES.join(', ')}.`, {
			allowed: allowedTransitions(from, by).map((t) => t.to)
		});
	}
	const rule = allowedTransitions(from, by).find((t) => t.to === input.to);
	if (!rule) {
		const allowed = allowedTransitions(from, by).map((t) => t.to);
		return refuse(
			'transition.not-allowed',
			`A ${from} case cannot be moved to ${input.to}. ` +
				(allowed.length ? `From ${from} it can go to: ${allowed.join(', ')}.` : `A ${from} case is closed; no further moves are possible.`) +
				(by === 'staff' && HOTSPOT_TRANSITIONS.some((t) => t.byResident && t.from === from) ? ' Only a resident who reported it reopens it, by answering "not fixed".' : ''),
			{ from, to: input.to, allowed }
		);
	}
	const note = input.note?.trim() ?? '';
	const reason = input.reason?.trim() ?? '';
	const photos = [...(input.photoIds ?? [])];
	if (note.length > MAX_NOTE_LENGTH || reason.length > MAX_NOTE_LENGTH) {
		return refuse('transition.note-too-long', `A note or reason may be at most ${MAX_NOTE_LENGTH} characters.`);
	}
	if (photos.length > MAX_PHOTOS_PER_MOVE) return refuse('transition.too-many-photos', `At most ${MAX_PHOTOS_PER_MOVE} photos per move.`);
	if (rule.needsNote && !note) return refuse('transition.note-required', `Moving a case to ${rule.to} needs a note saying what was done.`);
	if (rule.needsReason && !reason) return refuse('transition.reason-required', 'Rejecting a case needs a reason.');
	if (rule.needsPhoto && photos.length === 0) return refuse('transition.photo-required', 'Resolving a case needs at least one photo of the result.');

	const at = now.toISOString();
	const patch: Record<string, unknown> = { status: rule.to };
	switch (rule.to) {
		case 'assigned':
			patch.assignedAt = at;
			patch.dueAt = dueDateFrom(at, rules);
			// Sent back from resolved or reopened: the old resolution (and its verification) no longer stands.
			if (from === 'resolved' || from === 'verified') Object.assign(patch, { resolvedAt: null, resolutionNote: null, resolutionPhotos: null });
			if (from === 'verified') patch.verifiedAt = null;
			if (rule.byResident) patch.residentReopenedAt = at;
			break;
		case 'resolved':
			Object.assign(patch, { resolvedAt: at, resolutionNote: note, resolutionPhotos: photos });
			break;
		case 'verified':
			patch.verifiedAt = at;
			break;
		case 'rejected':
			Object.assign(patch, { rejectedAt: at, rejectionReason: reason });
			break;
	}
	return { ok: true, rule, patch };
}

/** Open (not resolved, verified or rejected) with a deadline before `now`. */
export function isOverdue(properties: Record<string, unknown>, now: number): boolean {
	const status = statusOf(properties);
	if (status !== 'reported' && status !== 'assigned') return false;
	const due = typeof properties.dueAt === 'string' ? Date.parse(properties.dueAt) : NaN;
	return Number.isFinite(due) && due < now;
}

/** Whole days past the deadline (0 when not overdue), for lists. */
export function daysOverdue(properties: Record<string, unknown>, now: number): number {
	if (!isOverdue(properties, now)) return 0;
	return Math.floor((now - Date.parse(String(properties.dueAt))) / DAY_MS);
}
