/**
 * The work cycle's endpoints in the OpenAPI document: inspection templates, inspections, the
 * ranking board and its bulletin, the due list, shop frontage, and users' zones. Shapes follow
 * src/lib/domain/api-types.ts.
 */
import { INSPECTION_CADENCES, INSPECTION_TARGETS, RANKING_PERIODS } from '../../domain/api-types';

const TAG = 'work-cycle';
const json = (schema: unknown) => ({ 'application/json': { schema } });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const error = { description: 'A problem with the request; `details.item` names the checklist item where there is one', content: json(ref('error')) };
const text = { type: 'object', required: ['zh', 'en'], properties: { zh: { type: 'string' }, en: { type: 'string' } } };
const pct = { type: 'number', nullable: true, minimum: 0, maximum: 100 };
const date = (name: string, description: string) => ({ name, in: 'query', required: false, description, schema: { type: 'string', format: 'date' } });
const rankingParams = [
	{ name: 'period', in: 'query', required: false, schema: { type: 'string', enum: RANKING_PERIODS, default: 'month' } },
	date('at', 'A day in the period (YYYY-MM-DD, in the project time zone); default today.'),
	{ name: 'parent', in: 'query', required: false, description: "Only this zone's children (each rolled up over its own subtree).", schema: { type: 'integer' } }
];
const lang = { name: 'lang', in: 'query', required: false, schema: { type: 'string', enum: ['zh', 'en'], default: 'en' } };

export const CYCLE_SCHEMAS = {
	inspectionItem: {
		type: 'object',
		required: ['key', 'label', 'maxPoints', 'photoRequired'],
		properties: { key: { type: 'string', pattern: '^[a-z][a-z0-9-]{0,39}$' }, label: text, maxPoints: { type: 'integer', minimum: 1, maximum: 1000 }, photoRequired: { type: 'boolean' } }
	},
	inspectionTemplate: {
		type: 'object',
		required: ['id', 'version', 'name', 'target', 'cadence', 'items'],
		properties: { id: { type: 'integer' }, version: { type: 'integer' }, name: text, target: { type: 'string', enum: INSPECTION_TARGETS }, cadence: { type: 'string', enum: INSPECTION_CADENCES }, items: { type: 'array', items: ref('inspectionItem') } }
	},
	patrol: { type: 'object', nullable: true, properties: { roadM: { type: 'number' }, walkedM: { type: 'number' }, walkedPct: pct } },
	inspectionInput: {
		type: 'object',
		required: ['templateId', 'target', 'inspectedAt', 'scores'],
		properties: {
			templateId: { type: 'integer' },
			target: { type: 'object', required: ['collection', 'id'], properties: { collection: { type: 'string', enum: INSPECTION_TARGETS }, id: { type: 'integer' } } },
			inspectedAt: { type: 'string', format: 'date-time' },
			scores: { type: 'object', additionalProperties: { type: 'number', minimum: 0 }, description: 'Points per item key; an item left out is not applicable.' },
			note: { type: 'string', maxLength: 2000 },
			findings: {
				type: 'array',
				maxItems: 50,
				items: { type: 'object', required: ['itemKey', 'geometry'], properties: { itemKey: { type: 'string' }, geometry: { type: 'object', description: 'GeoJSON Point' }, note: { type: 'string' }, photos: { type: 'array', items: { type: 'string' }, maxItems: 3 } } }
			},
			track: { type: 'object', description: 'GeoJSON LineString or MultiLineString: the walked patrol track' }
		}
	},
	inspectionSummary: {
		type: 'object',
		properties: {
			id: { type: 'integer' },
			templateId: { type: 'integer' },
			templateVersion: { type: 'integer' },
			templateName: text,
			target: { type: 'object', properties: { collection: { type: 'string' }, id: { type: 'integer' }, name: { type: 'string', nullable: true } } },
			inspectedAt: { type: 'string', format: 'date-time' },
			inspector: { type: 'string' },
			points: { type: 'number' },
			maxPoints: { type: 'number' },
			scorePct: pct,
			findingCount: { type: 'integer' },
			patrol: ref('patrol')
		}
	},
	rankingRow: {
		type: 'object',
		properties: {
			zoneId: { type: 'integer' },
			name: { type: 'string', nullable: true },
			parentId: { type: 'integer', nullable: true },
			score: pct,
			rank: { type: 'integer', nullable: true, description: 'Shared by equal scores (1, 2, 2, 4); null: not inspected.' },
			inspections: { type: 'integer' },
			change: { type: 'number', nullable: true },
			findings: { type: 'integer' },
			closedPct: pct,
			closedOnTimePct: pct
		}
	}
};

export function cyclePaths(): Record<string, unknown> {
	const op = (summary: string, operationId: string, rest: Record<string, unknown>) => ({ summary, operationId, tags: [TAG], ...rest });
	return {
		'/inspection-templates': {
			get: op('Inspection templates (checklists) at their current version', 'getInspectionTemplates', { responses: { '200': { description: '{ templates }', content: json({ type: 'object', properties: { templates: { type: 'array', items: ref('inspectionTemplate') } } }) } } }),
			post: op('A new template (planners and up)', 'createInspectionTemplate', {
				requestBody: { required: true, content: json({ type: 'object', required: ['name', 'target', 'cadence', 'items'] }) },
				responses: { '201': { description: 'Version 1 of the template', content: json(ref('inspectionTemplate')) }, '400': error, '401': error, '403': error }
			})
		},
		'/inspection-templates/{templateId}': {
			get: op('One template (`?version=` for an older version)', 'getInspectionTemplate', {
				parameters: [{ name: 'templateId', in: 'path', required: true, schema: { type: 'integer' } }, { name: 'version', in: 'query', required: false, schema: { type: 'integer' } }],
				responses: { '200': { description: 'The template', content: json(ref('inspectionTemplate')) }, '404': error }
			}),
			patch: op('A new version of the template (planners and up); past inspections keep theirs', 'updateInspectionTemplate', {
				parameters: [{ name: 'templateId', in: 'path', required: true, schema: { type: 'integer' } }],
				requestBody: { required: true, content: json({ type: 'object', required: ['version'], properties: { version: { type: 'integer' }, name: text, cadence: { type: 'string', enum: INSPECTION_CADENCES }, items: { type: 'array', items: ref('inspectionItem') } } }) },
				responses: { '200': { description: 'The template at version + 1', content: json(ref('inspectionTemplate')) }, '400': error, '403': error, '404': error, '409': error, '428': error }
			})
		},
		'/inspections': {
			get: op('Inspections, newest first', 'getInspections', {
				parameters: [{ name: 'target', in: 'query', required: false, description: '<collection>:<id>, e.g. zones:12', schema: { type: 'string' } }, date('from', 'Inclusive (date or instant).'), date('to', 'Exclusive (date or instant).'), { name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 5000, default: 1000 } }],
				responses: { '200': { description: '{ inspections }', content: json({ type: 'object', properties: { inspections: { type: 'array', items: ref('inspectionSummary') } } }) }, '400': error }
			}),
			post: op('Record an inspection (field staff and up): one changeset with a hotspot case per finding; also the `record-inspection` edit of POST /api/edits', 'recordInspection', {
				requestBody: { required: true, content: json(ref('inspectionInput')) },
				responses: {
					'201': { description: '{ id, templateVersion, points, maxPoints, scorePct, findings: [{ itemKey, hotspotId }], patrol, changeset }', content: json({ type: 'object' }) },
					'400': error,
					'401': error,
					'403': { description: '`auth.forbidden`, or `zone.forbidden` for field staff outside their zones', content: json(ref('error')) },
					'404': error
				}
			})
		},
		'/inspections/{inspectionId}': {
			get: op('One inspection with its scores, the items of its template version, its track and its cases', 'getInspection', {
				parameters: [{ name: 'inspectionId', in: 'path', required: true, schema: { type: 'integer' } }],
				responses: { '200': { description: 'The inspection', content: json({ allOf: [ref('inspectionSummary')] }) }, '404': error }
			})
		},
		'/inspections/due': {
			get: op('Zones due or overdue for their inspection', 'getInspectionsDue', {
				parameters: [date('at', 'The day (default today).'), { name: 'mine', in: 'query', required: false, description: "1: only the caller's zones (signed in).", schema: { type: 'string', enum: ['1'] } }],
				responses: { '200': { description: '{ timeZone, zones: [{ zoneId, name, templateId, templateName, cadence, lastInspectedAt, dueBy, state }] }', content: json({ type: 'object' }) }, '400': error, '401': error }
			})
		},
		'/rankings': {
			get: op('The ranking board (评比) of a period', 'getRankings', {
				parameters: rankingParams,
				responses: {
					'200': { description: 'Rank order, not inspected last', content: json({ type: 'object', properties: { period: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, timeZone: { type: 'string' }, previous: { type: 'object' }, zones: { type: 'array', items: ref('rankingRow') }, red: { type: 'array', items: { type: 'integer' } }, black: { type: 'array', items: { type: 'integer' } } } }) },
					'400': error,
					'404': error
				}
			})
		},
		'/rankings/bulletin.pdf': {
			get: op('The ranking bulletin for the notice board, A4 PDF', 'getRankingBulletinPdf', { parameters: [...rankingParams, lang], responses: { '200': { description: 'PDF', content: { 'application/pdf': {} } }, '400': error, '429': error, '503': error } })
		},
		'/rankings/bulletin.csv': {
			get: op('The ranking bulletin as CSV', 'getRankingBulletinCsv', { parameters: [...rankingParams, lang], responses: { '200': { description: 'CSV, UTF-8 with a byte-order mark', content: { 'text/csv': {} } }, '400': error } })
		},
		'/shops/frontage': {
			get: op("Each shop's latest frontage (门前三包) result and its fails this quarter", 'getShopFrontage', { parameters: [date('at', 'The day (default today).')], responses: { '200': { description: '{ from, to, timeZone, shops, failedTwice }', content: json({ type: 'object' }) }, '400': error } })
		},
		'/auth/users/{username}/zones': {
			get: op("A user's zones (administrators)", 'getUserZones', { parameters: [{ name: 'username', in: 'path', required: true, schema: { type: 'string' } }], responses: { '200': { description: '{ username, zones }', content: json({ type: 'object' }) }, '403': error, '404': error } }),
			put: op("Replace a user's zones (administrators); field staff with zones write only inside them", 'setUserZones', {
				parameters: [{ name: 'username', in: 'path', required: true, schema: { type: 'string' } }],
				requestBody: { required: true, content: json({ type: 'object', required: ['zones'], properties: { zones: { type: 'array', items: { type: 'integer' } } } }) },
				responses: { '200': { description: '{ username, zones }', content: json({ type: 'object' }) }, '400': error, '403': error, '404': error }
			})
		}
	};
}
