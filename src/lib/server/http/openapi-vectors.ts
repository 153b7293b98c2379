/** The OpenAPI paths of 除四害: vector surveys, vector activities and their figures per zone. */
import { ACTIVITY_KINDS, ALL_COUNT_FIELDS, SURVEY_KINDS } from '../../domain/vector-records';

const jsonContent = (schema: unknown) => ({ 'application/json': { schema } });
const errorResponse = { description: 'A problem with the request; a bad count names its field in details.issues (path, message, messageZh)', content: jsonContent({ $ref: '#/components/schemas/error' }) };
const day = { type: 'string', format: 'date' };
const count = { type: 'integer', minimum: 0 };
const listParams = (kinds: readonly string[]) => [
	{ name: 'zone', in: 'query', required: false, description: 'Only this zone (its id).', schema: { type: 'integer' } },
	{ name: 'from', in: 'query', required: false, description: 'From this day (project time zone), inclusive.', schema: day },
	{ name: 'to', in: 'query', required: false, description: 'Until this day, exclusive.', schema: day },
	{ name: 'kind', in: 'query', required: false, schema: { type: 'string', enum: kinds } }
];
const level = { type: 'string', enum: ['A', 'B', 'C', 'below-C'], nullable: true };
const levelMayBeBetter = { type: 'boolean', description: 'The level is a floor: a better grade has no threshold set, so the figure may reach it ("C or better")' };
const indices = { type: 'object', properties: { breteauIndex: { type: 'number', nullable: true }, houseIndex: { type: 'number', nullable: true }, containerIndex: { type: 'number', nullable: true }, positiveRatePct: { type: 'number', nullable: true } } };
const surveyInput = {
	type: 'object',
	required: ['zoneId', 'kind', 'surveyedAt'],
	properties: {
		zoneId: { type: 'integer' },
		kind: { type: 'string', enum: SURVEY_KINDS },
		surveyedAt: day,
		...Object.fromEntries(ALL_COUNT_FIELDS.map((k) => [k, count])),
		surveyor: { type: 'string' },
		hotspotIds: { type: 'array', items: { type: 'string' }, description: 'Hotspot cases (breeding sites) the survey found' },
		description: { type: 'string' }
	},
	description:
		'mosquito-larvae: householdsInspected, householdsPositive, containersInspected, containersPositive; rodent-powder: patchesLaid, patchesPositive; rodent-trap: trapsSet, trapsCaught; fly, cockroach: placesInspected, placesPositive. Positives above inspected, negative numbers and a day after today are 400.'
};
const survey = { type: 'object', properties: { id: { type: 'integer' }, version: { type: 'integer' }, ...surveyInput.properties, indices, level, levelMayBeBetter } };
const activityInput = {
	type: 'object',
	required: ['zoneId', 'kind', 'activityAt'],
	properties: {
		zoneId: { type: 'integer' },
		kind: { type: 'string', enum: ACTIVITY_KINDS },
		activityAt: day,
		amountKg: { type: 'number', minimum: 0 },
		areaM2: { type: 'number', minimum: 0 },
		count,
		product: { type: 'string' },
		performedBy: { type: 'string' },
		description: { type: 'string' }
	}
};
const activity = { type: 'object', properties: { id: { type: 'integer' }, version: { type: 'integer' }, ...activityInput.properties } };
const group = { type: 'object', properties: { surveyId: { type: 'integer', nullable: true }, surveyedAt: { ...day, nullable: true }, method: { type: 'string', nullable: true }, ...indices.properties, level, levelMayBeBetter, trend: { type: 'string', enum: ['improving', 'worsening', 'steady'], nullable: true } } };
const totals = { type: 'object', properties: { records: count, amountKg: { type: 'number' }, areaM2: { type: 'number' }, count } };

export function vectorPaths(): Record<string, unknown> {
	return {
		'/vector-surveys': {
			get: { summary: 'Vector surveys (病媒生物密度调查), newest first', operationId: 'getVectorSurveys', tags: ['vectors'], parameters: listParams(SURVEY_KINDS), responses: { '200': { description: 'The surveys', content: jsonContent({ type: 'object', properties: { surveys: { type: 'array', items: survey }, timeZone: { type: 'string' } } }) }, '400': errorResponse } },
			post: { summary: 'Record a survey: raw counts in, record and indices out', operationId: 'postVectorSurvey', tags: ['vectors'], requestBody: { required: true, content: jsonContent(surveyInput) }, responses: { '201': { description: 'The record with its indices and level', content: jsonContent(survey) }, '400': errorResponse, '401': errorResponse, '403': errorResponse } }
		},
		'/vector-activities': {
			get: { summary: 'Vector-control activities (除四害作业), newest first', operationId: 'getVectorActivities', tags: ['vectors'], parameters: listParams(ACTIVITY_KINDS), responses: { '200': { description: 'The activities', content: jsonContent({ type: 'object', properties: { activities: { type: 'array', items: activity }, timeZone: { type: 'string' } } }) }, '400': errorResponse } },
			post: { summary: 'Record an activity', operationId: 'postVectorActivity', tags: ['vectors'], requestBody: { required: true, content: jsonContent(activityInput) }, responses: { '201': { description: 'The record', content: jsonContent(activity) }, '400': errorResponse, '401': errorResponse, '403': errorResponse } }
		},
		'/analysis/vectors': {
			get: {
				summary: 'Per zone: the latest indices, density control level (GB/T 27770–27773, thresholds from the rules), trend and activity totals of a period',
				operationId: 'getVectorFigures',
				tags: ['vectors'],
				parameters: [
					{ name: 'from', in: 'query', required: true, schema: day },
					{ name: 'to', in: 'query', required: true, description: 'exclusive', schema: day }
				],
				responses: {
					'200': {
						description: 'Figures per zone and for the community',
						content: jsonContent({
							type: 'object',
							properties: {
								from: day,
								to: day,
								timeZone: { type: 'string' },
								zones: { type: 'array', items: { type: 'object', properties: { zoneId: { type: 'integer' }, name: { type: 'string', nullable: true }, mosquito: group, rodent: group, fly: group, cockroach: group, level, levelMayBeBetter, failing: { type: 'array', items: { type: 'string' } }, activities: { type: 'object', additionalProperties: totals } } } },
								total: { type: 'object' }
							}
						})
					},
					'400': errorResponse
				}
			}
		}
	};
}
