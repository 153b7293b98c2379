/**
 * Public reports marked as spam: deleted hotspot cases that came from residents or an Open311
 * client. They are absent from every public answer, including answers about the past (the report
 * of a period, which reads the versions as they were then).
 */
import type { Db } from '../../db';

const SPAM_MARKED = `SELECT id FROM features
  WHERE kind = 'hotspot' AND deleted_at IS NOT NULL
    AND json_extract(properties, '$.reportSource') IN ('public', 'open311')`;

export function spamMarkedCaseIds(db: Db): Set<number> {
	return new Set(db.$client.prepare(SPAM_MARKED).pluck().all() as number[]);
}

export function isSpamMarkedCase(db: Db, id: number): boolean {
	return db.$client.prepare(`SELECT 1 FROM (${SPAM_MARKED}) WHERE id = ?`).pluck().get(id) !== undefined;
}

/** Whether a photo belongs to a public report marked as spam (a deleted case's last photos). */
export function isSpamMarkedPhoto(db: Db, photoId: string): boolean {
	return (
		db.$client
			.prepare(`SELECT 1 FROM features f, json_each(f.properties, '$.photos') p WHERE f.id IN (${SPAM_MARKED}) AND p.value = ? LIMIT 1`)
			.pluck()
			.get(photoId) !== undefined
	);
}
