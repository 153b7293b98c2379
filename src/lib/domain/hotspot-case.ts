/** What the server says about a hotspot case, as the API sends it and the browser reads it. */

/** An open case of the same category near a new report: probably the same problem. */
export interface Duplicate {
	id: number;
	distanceM: number;
	status: string;
	reportedAt: string | null;
	description: string | null;
}

/** One step of a case's history. */
export interface TimelineEntry {
	version: number;
	changesetId: number;
	at: string;
	author: string;
	/** reported (the case was created), transition, edit (attributes or position), undo, deleted. */
	type: 'reported' | 'transition' | 'edit' | 'undo' | 'deleted';
	from: string | null;
	to: string;
	note: string | null;
	reason: string | null;
	photos: string[];
	comment: string;
	/** A resident's "not fixed" reopened the case in this step (verified → assigned). */
	reopenedByResident: boolean;
}
