/**
 * Inspection templates, stored versioned: the `inspection_templates` row names the current version,
 * and every version is kept whole in `inspection_template_versions`. A change names the version it
 * read (a stale one is a 409) and adds a version; nothing is overwritten, so an inspection keeps
 * the items and points it was scored with. A new project starts with the default templates.
 */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db';
import { inspectionTemplates, inspectionTemplateVersions } from '../../db/schema';
import type { InspectionTemplate, InspectionTemplateInput } from '../../../domain/api-types';
import { checkCadence, checkItems, checkName, checkTemplate, DEFAULT_TEMPLATES } from '../../../domain/inspections/template';
import { issue, type ValidationIssue } from '../../../issues';
import { ServiceError } from '../service-error';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function invalid(issues: ValidationIssue[]): ServiceError {
	const item = /^items\.(\d+)/.exec(issues[0]?.path ?? '');
	return new ServiceError('invalid', issues[0].code, issues.map((i) => i.message).join(' '), { issues, ...(item ? { item: Number(item[1]) } : {}) });
}

export class InspectionTemplateService {
	constructor(
		private readonly db: Db,
		private readonly clock: () => Date
	) {}

	/** Stores the default templates when there are none yet (a new project). */
	ensureDefaults(author = 'sanimap'): void {
		const any = () => this.db.select({ id: inspectionTemplates.id }).from(inspectionTemplates).limit(1).get() !== undefined;
		if (any()) return;
		// Checked again inside the write transaction: two servers starting on one new database store them once.
		this.db.$client.transaction(() => {
			if (any()) return;
			for (const t of DEFAULT_TEMPLATES) this.insert(t, author);
		}).immediate();
	}

	list(): InspectionTemplate[] {
		const rows = this.db
			.select({ id: inspectionTemplates.id, version: inspectionTemplates.version, definition: inspectionTemplateVersions.definition })
			.from(inspectionTemplates)
			.innerJoin(inspectionTemplateVersions, and(eq(inspectionTemplateVersions.templateId, inspectionTemplates.id), eq(inspectionTemplateVersions.version, inspectionTemplates.version)))
			.orderBy(inspectionTemplates.id)
			.all();
		return rows.map((r) => ({ id: r.id, version: r.version, ...(JSON.parse(r.definition) as InspectionTemplateInput) }));
	}

	/** The current version, or undefined. */
	get(id: number): InspectionTemplate | undefined {
		const row = this.db.select().from(inspectionTemplates).where(eq(inspectionTemplates.id, id)).get();
		return row ? this.version(id, row.version) : undefined;
	}

	/** One stored version of a template (what an inspection was scored with). */
	version(id: number, version: number): InspectionTemplate | undefined {
		const row = this.db
			.select()
			.from(inspectionTemplateVersions)
			.where(and(eq(inspectionTemplateVersions.templateId, id), eq(inspectionTemplateVersions.version, version)))
			.get();
		return row ? { id, version, ...(JSON.parse(row.definition) as InspectionTemplateInput) } : undefined;
	}

	require(id: number): InspectionTemplate {
		const t = this.get(id);
		if (!t) throw new ServiceError('not-found', 'inspection.template.not-found', `There is no inspection template ${id}.`, { templateId: id });
		return t;
	}

	create(body: unknown, author: string): InspectionTemplate {
		const { value, issues } = checkTemplate(body);
		if (!value) throw invalid(issues);
		const id = this.db.$client.transaction(() => this.insert(value, author)).immediate();
		return this.get(id)!;
	}

	/** `{ version, name?, cadence?, items? }`: a new version; the target stays. */
	update(id: number, body: unknown, author: string): InspectionTemplate {
		if (!isObject(body)) throw new ServiceError('invalid', 'template.invalid', 'Send {"version": <the version read>, and any of "name", "cadence", "items"}.');
		const unknown = Object.keys(body).find((k) => !['version', 'name', 'cadence', 'items'].includes(k));
		if (unknown) {
			const why = unknown === 'target' ? ' A template keeps its target; make a new template for another target.' : '';
			throw new ServiceError('invalid', 'template.unknown-member', `Unknown member "${unknown}".${why}`);
		}
		if (!Number.isSafeInteger(body.version)) throw new ServiceError('version-required', 'version.required', 'Say which version of the template you edited: send "version".');
		const issues: ValidationIssue[] = [];
		const name = body.name === undefined ? undefined : checkName(body.name, issues);
		const cadence = body.cadence === undefined ? undefined : checkCadence(body.cadence, issues);
		const items = body.items === undefined ? undefined : checkItems(body.items, issues);
		if (body.name === undefined && body.cadence === undefined && body.items === undefined) issues.push(issue('template.empty', 'Nothing to change: send "name", "cadence" or "items".', ''));
		if (issues.length > 0) throw invalid(issues);
		const now = this.clock().toISOString();
		return this.db.$client.transaction(() => {
			const current = this.require(id);
			if (current.version !== body.version) {
				throw new ServiceError('conflict', 'conflict', `The template was changed since version ${body.version}: it is at version ${current.version} now. Reload it and make your change again.`, { current });
			}
			const next: InspectionTemplateInput = { name: name ?? current.name, target: current.target, cadence: cadence ?? current.cadence, items: items ?? current.items };
			const version = current.version + 1;
			this.db.insert(inspectionTemplateVersions).values({ templateId: id, version, definition: JSON.stringify(next), createdAt: now, createdBy: author }).run();
			this.db.update(inspectionTemplates).set({ version, updatedAt: now, updatedBy: author }).where(eq(inspectionTemplates.id, id)).run();
			return { id, version, ...next };
		}).immediate();
	}

	private insert(t: InspectionTemplateInput, author: string): number {
		const now = this.clock().toISOString();
		const { id } = this.db.insert(inspectionTemplates).values({ version: 1, target: t.target, createdAt: now, updatedAt: now, updatedBy: author }).returning({ id: inspectionTemplates.id }).get();
		const definition: InspectionTemplateInput = { name: t.name, target: t.target, cadence: t.cadence, items: t.items };
		this.db.insert(inspectionTemplateVersions).values({ templateId: id, version: 1, definition: JSON.stringify(definition), createdAt: now, createdBy: author }).run();
		return id;
	}
}
