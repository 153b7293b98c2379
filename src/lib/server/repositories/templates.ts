/**
 * Inspection templates on SQLite (the contract is ../store/templates.ts): definitions are JSON
 * text; each write is one immediate transaction, so two writers take turns before either reads.
 */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../db';
import { inspectionTemplates, inspectionTemplateVersions } from '../db/schema';
import type { AppendOutcome, InspectionTemplate, InspectionTemplateInput, TemplateStamp, TemplateStore } from '../store/templates';

/** What a version stores: the members of a template, whatever else the input carried. */
export const definitionOf = (t: InspectionTemplateInput): InspectionTemplateInput => ({ name: t.name, target: t.target, cadence: t.cadence, items: t.items });

export class SqliteTemplateStore implements TemplateStore {
	constructor(private readonly db: Db) {}

	async insertIfEmpty(templates: readonly InspectionTemplateInput[], stamp: TemplateStamp): Promise<boolean> {
		if (this.any()) return false;
		// Checked again inside the write transaction: two servers starting on one new database store them once.
		return this.db.$client
			.transaction(() => {
				if (this.any()) return false;
				for (const t of templates) this.insert(t, stamp);
				return true;
			})
			.immediate();
	}

	async list(): Promise<InspectionTemplate[]> {
		const rows = this.db
			.select({ id: inspectionTemplates.id, version: inspectionTemplates.version, definition: inspectionTemplateVersions.definition })
			.from(inspectionTemplates)
			.innerJoin(inspectionTemplateVersions, and(eq(inspectionTemplateVersions.templateId, inspectionTemplates.id), eq(inspectionTemplateVersions.version, inspectionTemplates.version)))
			.orderBy(inspectionTemplates.id)
			.all();
		return rows.map((r) => templateOf(r.id, r.version, r.definition));
	}

	async get(id: number): Promise<InspectionTemplate | undefined> {
		return this.current(id);
	}

	async version(id: number, version: number): Promise<InspectionTemplate | undefined> {
		return this.stored(id, version);
	}

	async create(template: InspectionTemplateInput, stamp: TemplateStamp): Promise<InspectionTemplate> {
		return this.db.$client.transaction(() => this.stored(this.insert(template, stamp), 1)!).immediate();
	}

	async appendVersion(id: number, basedOn: number, next: InspectionTemplateInput, stamp: TemplateStamp): Promise<AppendOutcome> {
		return this.db.$client
			.transaction((): AppendOutcome => {
				const current = this.current(id);
				if (!current) return { ok: false, reason: 'not-found' };
				if (current.version !== basedOn) return { ok: false, reason: 'stale', current };
				const version = basedOn + 1;
				const definition = definitionOf(next);
				this.db.insert(inspectionTemplateVersions).values({ templateId: id, version, definition: JSON.stringify(definition), createdAt: stamp.at, createdBy: stamp.by }).run();
				this.db.update(inspectionTemplates).set({ version, updatedAt: stamp.at, updatedBy: stamp.by }).where(eq(inspectionTemplates.id, id)).run();
				return { ok: true, template: { id, version, ...definition } };
			})
			.immediate();
	}

	private any(): boolean {
		return this.db.select({ id: inspectionTemplates.id }).from(inspectionTemplates).limit(1).get() !== undefined;
	}

	private current(id: number): InspectionTemplate | undefined {
		const row = this.db.select({ version: inspectionTemplates.version }).from(inspectionTemplates).where(eq(inspectionTemplates.id, id)).get();
		return row ? this.stored(id, row.version) : undefined;
	}

	private stored(id: number, version: number): InspectionTemplate | undefined {
		const row = this.db
			.select({ definition: inspectionTemplateVersions.definition })
			.from(inspectionTemplateVersions)
			.where(and(eq(inspectionTemplateVersions.templateId, id), eq(inspectionTemplateVersions.version, version)))
			.get();
		return row ? templateOf(id, version, row.definition) : undefined;
	}

	private insert(t: InspectionTemplateInput, stamp: TemplateStamp): number {
		const { id } = this.db
			.insert(inspectionTemplates)
			.values({ version: 1, target: t.target, createdAt: stamp.at, updatedAt: stamp.at, updatedBy: stamp.by })
			.returning({ id: inspectionTemplates.id })
			.get();
		this.db.insert(inspectionTemplateVersions).values({ templateId: id, version: 1, definition: JSON.stringify(definitionOf(t)), createdAt: stamp.at, createdBy: stamp.by }).run();
		return id;
	}
}

function templateOf(id: number, version: number, definition: string): InspectionTemplate {
	return { id, version, ...(JSON.parse(definition) as InspectionTemplateInput) };
}
