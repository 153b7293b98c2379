/**
 * The OpenAPI 3.0 definition of the read API (OGC API – Features Part 1, /req/oas30), built from
 * the kind definitions so every layer's filterable fields are listed with their types, and of the
 * work cycle's endpoints (openapi-cycle.ts).
 */
import { fieldsOf, KINDS, type FieldDef } from '../../domain/kinds';
import { DEFAULT_LIMIT, MAX_LIMIT } from './items-query';
import { GEOJSON } from './ogc';
import { CYCLE_SCHEMAS, cyclePaths } from './openapi-cycle';
import { vectorPaths } from './openapi-vectors';

function schemaOf(field: FieldDef): Record<string, unknown> {
	switch (field.type) {
		case 'integer':
			return { type: 'integer', ...(field.min !== undefined ? { minimum: field.min } : {}), ...(field.max !== undefined ? { maximum: field.max } : {}) };
		case 'number':
			return { type: 'number', ...(field.min !== undefined ? { minimum: field.min } : {}), ...(field.max !== undefined ? { maximum: field.max } : {}) };
		case 'boolean':
			return { type: 'boolean' };
		case 'date':
			return { type: 'string', format: 'date' };
		case 'datetime':
			return { type: 'string', format: 'date-time' };
		case 'enum':
			return { type: 'string', enum: (field.options ?? []).map((o) => o.value) };
		case 'stringList':
			return { type: 'array', items: { type: 'string' } };
		case 'attributes':
			return { type: 'object', additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }] } };
		default:
			return { type: 'string', ...(field.maxLength ? { maxLength: field.maxLength } : {}) };
	}
}

const jsonContent = (schema: unknown) => ({ 'application/json': { schema } });

/** OGC links: where to find this resource and what relates to it. */
const LINKS = { type: 'array', items: { type: 'object', required: ['href', 'rel'], properties: { href: { type: 'string' }, rel: { type: 'string' }, type: { type: 'string' }, title: { type: 'string' } } } };
const errorResponse = { description: 'A problem with the request', content: jsonContent({ $ref: '#/components/schemas/error' }) };

export function openApiDocument(base: string) {
	const itemsParams = [
		{ $ref: '#/components/parameters/bbox' },
		{ $ref: '#/components/parameters/limit' },
		{ $ref: '#/components/parameters/offset' },
		{ $ref: '#/components/parameters/datetime' },
		{ name: 'q', in: 'query', required: false, description: 'Features whose name contains this text (case-insensitive).', schema: { type: 'string' } }
	];
	const paths: Record<string, unknown> = {
		'/': { get: { summary: 'Landing page', operationId: 'getLandingPage', responses: { '200': { description: 'Links to the API definition, conformance and collections', content: jsonContent({ type: 'object' }) } } } },
		'/conformance': { get: { summary: 'Conformance classes', operationId: 'getConformance', responses: { '200': { description: 'The conformance classes this server implements', content: jsonContent({ type: 'object' }) } } } },
		'/api': { get: { summary: 'This document', operationId: 'getApi', responses: { '200': { description: 'OpenAPI 3.0 definition' } } } },
		'/collections': { get: { summary: 'The layers', operationId: 'getCollections', responses: { '200': { description: 'Every layer with its extent and links', content: jsonContent({ type: 'object' }) } } } }
	};
	for (const def of KINDS) {
		const filters = fieldsOf(def)
			.filter((f) => f.type !== 'stringList' && f.type !== 'attributes')
			.map((f) => ({ name: f.key, in: 'query', required: false, description: `${f.label.en} / ${f.label.zh} equals this value.`, schema: schemaOf(f), style: 'form', explode: false }));
		const properties = Object.fromEntries(fieldsOf(def).map((f) => [f.key, { ...schemaOf(f), title: f.label.en, description: f.label.zh }]));
		paths[`/collections/${def.collection}`] = {
			get: { summary: `${def.label.en} (${def.label.zh}): description`, operationId: `describe-${def.collection}`, tags: [def.collection], responses: { '200': { description: 'The layer', content: jsonContent({ type: 'object' }) }, '404': errorResponse } }
		};
		paths[`/collections/${def.collection}/items`] = {
			get: {
				summary: `${def.label.en} (${def.label.zh}): features`,
				operationId: `getFeatures-${def.collection}`,
				tags: [def.collection],
				parameters: [...itemsParams, ...filters],
				responses: {
					'200': {
						description: 'A GeoJSON FeatureCollection with numberMatched, numberReturned and next/prev links',
						content: { [GEOJSON]: { schema: { $ref: '#/components/schemas/featureCollectionGeoJSON' } } }
					},
					'400': errorResponse
				}
			}
		};
		paths[`/collections/${def.collection}/items/{featureId}`] = {
			get: {
				summary: `${def.label.en} (${def.label.zh}): one feature`,
				operationId: `getFeature-${def.collection}`,
				tags: [def.collection],
				parameters: [{ $ref: '#/components/parameters/featureId' }],
				responses: {
					'200': {
						description: 'The feature, with links to itself (self) and its layer (collection); its ETag is its version',
						content: { [GEOJSON]: { schema: { type: 'object', properties: { type: { type: 'string', enum: ['Feature'] }, id: { type: 'integer' }, geometry: { type: 'object' }, properties: { type: 'object', properties }, links: LINKS } } } }
					},
					'404': errorResponse
				}
			}
		};
	}
	Object.assign(paths, vectorPaths());
	// Reports from the public (no account): the page /report-issue uses these; Open311 clients use /open311/v2/ (GeoReport v2, its own specification).
	const publicTag = ['public-reports'];
	paths['/public/nearby'] = {
		get: {
			summary: 'Open cases of a category within the duplicate distance of a position (nothing personal)',
			operationId: 'getPublicNearby',
			tags: publicTag,
			parameters: ['category', 'lon', 'lat'].map((name) => ({ name, in: 'query', required: true, schema: { type: name === 'category' ? 'string' : 'number' } })),
			responses: { '200': { description: '{ cases: [{ id, distanceM, status, reportedAt, reporterCount }] }', content: jsonContent({ type: 'object' }) }, '400': errorResponse }
		}
	};
	paths['/public/reports'] = {
		post: {
			summary: 'A resident reports a problem: { category, lon, lat, answers?, description?, photos?, contact? }; answers are { code: key } for the category\'s questions (GET /open311/v2/services/{category}.json)',
			operationId: 'postPublicReport',
			tags: publicTag,
			requestBody: { required: true, content: jsonContent({ type: 'object', required: ['category', 'lon', 'lat'] }) },
			responses: { '201': { description: '{ id, token, trackUrl }', content: jsonContent({ type: 'object' }) }, '400': errorResponse, '429': errorResponse }
		}
	};
	paths['/public/track/{token}'] = {
		get: {
			summary: 'What became of a report, for the holder of its tracking token',
			operationId: 'getPublicTrack',
			tags: publicTag,
			parameters: [{ name: 'token', in: 'path', required: true, schema: { type: 'string' } }],
			responses: { '200': { description: 'Status, zone, reporters, and the resolution once verified', content: jsonContent({ type: 'object' }) }, '404': errorResponse }
		}
	};
	return {
		openapi: '3.0.3',
		info: {
			title: 'sanimap',
			version: '1.0.0',
			description: 'Sanitation campaign layers as OGC API – Features Part 1. Data © OpenStreetMap contributors (ODbL) where it comes from OpenStreetMap.',
			license: { name: 'ODbL 1.0 for OpenStreetMap-derived data', url: 'https://www.openstreetmap.org/copyright' }
		},
		servers: [{ url: `${base}/api` }],
		tags: [
			...KINDS.map((d) => ({ name: d.collection, description: `${d.label.en} / ${d.label.zh}` })),
			{ name: 'work-cycle', description: 'Inspections, rankings and responsibility / 检查、评比与分片包干' },
			{ name: 'vectors', description: '除四害: surveys, activities and density control levels' },
			{ name: 'public-reports', description: 'Reports from the public / 群众随手拍' }
		],
		paths: { ...paths, ...cyclePaths() },
		components: {
			parameters: {
				bbox: {
					name: 'bbox',
					in: 'query',
					required: false,
					description: 'Only features whose extent meets this box: minLon,minLat,maxLon,maxLat (WGS84).',
					schema: { type: 'array', minItems: 4, maxItems: 6, items: { type: 'number' } },
					style: 'form',
					explode: false
				},
				limit: { name: 'limit', in: 'query', required: false, description: 'Features per page.', schema: { type: 'integer', minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT }, style: 'form', explode: false },
				offset: { name: 'offset', in: 'query', required: false, description: 'Features to skip (the next link sets it).', schema: { type: 'integer', minimum: 0, default: 0 } },
				datetime: { name: 'datetime', in: 'query', required: false, description: 'Accepted and ignored: layers have no single time property.', schema: { type: 'string' } },
				featureId: { name: 'featureId', in: 'path', required: true, schema: { type: 'integer' } }
			},
			schemas: {
				...CYCLE_SCHEMAS,
				error: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string' }, message: { type: 'string' }, details: {} } },
				featureCollectionGeoJSON: {
					type: 'object',
					required: ['type', 'features'],
					properties: {
						type: { type: 'string', enum: ['FeatureCollection'] },
						features: { type: 'array', items: { type: 'object' } },
						links: LINKS,
						timeStamp: { type: 'string', format: 'date-time' },
						numberMatched: { type: 'integer', minimum: 0 },
						numberReturned: { type: 'integer', minimum: 0 }
					}
				}
			}
		}
	};
}
