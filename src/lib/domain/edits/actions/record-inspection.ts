/**
 * Records an inspection and opens one hotspot case per finding, in one changeset. Two actions,
 * applied in order by the write engine: the first creates the inspection (its scores, findings,
 * patrol figures and template version already worked out by the caller); the second finds that
 * inspection among the features of the changeset by its `ref` and creates the cases, each
 * carrying `inspectionId` and its item's key, assigned to the zone's responsible person with the
 * rules' deadline counted from the time of the inspection. The inspection reaches its cases by
 * that `inspectionId`; nothing is written twice, so an undo of the changeset takes back the
 * inspection and its cases together.
 */
import type { Geometry, Point } from 'geojson';
import { dueDateFrom } from '../../hotspot-lifecycle';
import { INSPECTION_KIND } from '../../inspections/kind';
import type { EditAction, FeatureRead } from '../action';
import type { Properties } from '../feature-state';
import { refuse } from '../refusal';
import { HOTSPOT_KIND } from './move-case';

export interface FindingCase {
	itemKey: string;
	geometry: Point;
	/** The case's properties beyond the lifecycle: category, name, description, photos. */
	properties: Properties;
}

export interface RecordedInspection {
	/** Names the inspection inside its changeset (and stays on it). */
	ref: string;
	geometry: Geometry;
	properties: Properties & { inspectedAt: string };
	/** The target, read in the transaction so that a target deleted meanwhile refuses the whole edit. */
	target: FeatureRead;
	zone: { id: number; responsible?: string } | null;
	findings: FindingCase[];
}

export function actionsRecordInspection(r: RecordedInspection): EditAction[] {
	const create: EditAction = {
		type: 'inspection.record',
		reads: [r.target],
		disabled: () => null,
		apply: () => [{ op: 'create', kind: INSPECTION_KIND, geometry: r.geometry, properties: { ...r.properties, ref: r.ref } }],
		describe: () => ({ comment: 'Inspection recorded', meta: { inspection: { ref: r.ref, findings: r.findings.length } } })
	};
	const inspectionOf = (current: Parameters<EditAction['apply']>[0]) => [...current.values()].find((f) => f.kind === INSPECTION_KIND && f.properties.ref === r.ref);
	const cases: EditAction = {
		type: 'inspection.findings',
		reads: [],
		disabled: (current) => (inspectionOf(current) ? null : refuse('conflict', 'inspection.not-recorded', 'The inspection of these findings was not stored.')),
		apply(current, ctx) {
			const inspection = inspectionOf(current)!;
			const at = r.properties.inspectedAt;
			const assigned = r.zone?.responsible !== undefined;
			return r.findings.map((f) => ({
				op: 'create' as const,
				kind: HOTSPOT_KIND,
				geometry: f.geometry,
				properties: {
					severity: 'medium',
					...f.properties,
					status: assigned ? 'assigned' : 'reported',
					reportedAt: at,
					...(assigned ? { assignedAt: at, responsible: r.zone!.responsible } : {}),
					dueAt: dueDateFrom(at, ctx.rules),
					...(r.zone ? { zoneId: String(r.zone.id) } : {}),
					inspectionId: inspection.id,
					inspectionItem: f.itemKey
				}
			}));
		}
	};
	return r.findings.length > 0 ? [create, cases] : [create];
}
