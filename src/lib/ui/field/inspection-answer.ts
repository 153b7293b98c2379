/**
 * Which inspection an answer of `POST /api/edits` stored: the note of its `record-inspection`
 * edit names it, and each case made from a finding carries it (`properties.inspectionId`).
 */
import type { EditsAnswer } from '../../domain/api-types';

export function inspectionIdOf(answer: EditsAnswer): number | null {
	for (const note of answer.notes ?? []) {
		const id = (note as { inspection?: { id?: unknown } } | null)?.inspection?.id;
		if (typeof id === 'number') return id;
	}
	for (const f of answer.features) {
		const id = f.properties?.inspectionId;
		if (typeof id === 'number') return id;
		if (f.collection === 'inspections') return f.id;
	}
	return null;
}
