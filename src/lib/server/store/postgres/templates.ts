/**
 * Inspection templates on PostgreSQL (the contract is ../templates.ts): definitions are jsonb. A new
 * version locks its template's row (FOR UPDATE) before it checks the version, so two edits of one
 * template take turns and the second finds the first's version; the defaults of a new project are
 * stored under a lock on the table, so two servers starting at once store them once.
 */
import { and, eq, sql } from 'drizzle-orm';
import { postgresCode, UNIQUE_VIOLATION } from '../../db/postgres/errors';
import type { PgDb } from '../../db/postgres';
import { inspectionTemplates, inspectionTemplateVersions } from '../../db/postgres/schema';
import { definitionOf } from '../../repositories/templates';
import type { AppendOutcome, InspectionTemplate, InspectionTemplateInput, TemplateStamp, TemplateStore } from '../templates';

type Tx = Parameters<Parameters<PgDb['transaction']>[0]>[0];
type Queries = PgDb | Tx;


/** Ids and versions are 32-bit here: a number outside (or not whole) names no row, as on SQLite, rather than failing the query. */
const isInt4 = (n: number) => Number.isInteger(n) && n >= -2147483648 && n <= 2147483647;

export class PgTemplateStore implements TemplateStore {
	constructor(private readonly db: PgDb) {}

	async insertIfEmpty(templates: readonly InspectionTemplateInput[], stamp: TemplateStamp): Promise<boolean> {
		if (await any(this.db)) return false;
		return this.db.transaction(async (tx) => {
			// EXCLUSIVE lets readers on and makes a second writer wait here, then find the first's templates.
			await tx.execute(sql`LOCK TABLE ${inspectionTemplates} IN EXCLUSIVE MODE`);
			if (await any(tx)) return false;
			for (const t of templates) await insert(tx, t, stamp);
			return true;
		});
	}

	async list(): Promise<InspectionTemplate[]> {
		const rows = await this.db
			.select({ id: inspectionTemplates.id, version: inspectionTemplates.version, definition: inspectionTemplateVersions.definition })
			.from(inspectionTemplates)
			.innerJoin(inspectionTemplateVersions, and(eq(inspectionTemplateVersions.templateId, inspectionTemplates.id), eq(inspectionTemplateVersions.version, inspectionTemplates.version)))
			.orderBy(inspectionTemplates.id);
		return rows.map((r) => templateOf(r.id, r.version, r.definition));
	}

	async get(id: number): Promise<InspectionTemplate | undefined> {
		if (!isInt4(id)) return undefined;
		const [row] = await this.db
			.select({ version: inspectionTemplates.version, definition: inspectionTemplateVersions.definition })
			.from(inspectionTemplates)
			.innerJoin(inspectionTemplateVersions, and(eq(inspectionTemplateVersions.templateId, inspectionTemplates.id), eq(inspectionTemplateVersions.version, inspectionTemplates.version)))
			.where(eq(inspectionTemplates.id, id));
		return row && templateOf(id, row.version, row.definition);
	}

	async version(id: number, version: number): Promise<InspectionTemplate | undefined> {
		if (!isInt4(id) || !isInt4(version)) return undefined;
		return stored(this.db, id, version);
	}

	async create(template: InspectionTemplateInput, stamp: TemplateStamp): Promise<InspectionTemplate> {
		return this.db.transaction(async (tx) => ({ id: await insert(tx, template, stamp), version: 1, ...definitionOf(template) }));
	}

	async appendVersion(id: number, basedOn: number, next: InspectionTemplateInput, stamp: TemplateStamp): Promise<AppendOutcome> {
		if (!isInt4(id)) return { ok: false, reason: 'not-found' };
		try {
			return await this.db.transaction(async (tx): Promise<AppendOutcome> => {
				const [row] = await tx.select({ version: inspectionTemplates.version }).from(inspectionTemplates).where(eq(inspectionTemplates.id, id)).for('update');
				if (!row) return { ok: false, reason: 'not-found' };
				if (row.version !== basedOn) return { ok: false, reason: 'stale', current: (await stored(tx, id, row.version))! };
				const version = basedOn + 1;
				const definition = definitionOf(next);
				await tx.insert(inspectionTemplateVersions).values({ templateId: id, version, definition, createdAt: stamp.at, createdBy: stamp.by });
				await tx.update(inspectionTemplates).set({ version, updatedAt: stamp.at, updatedBy: stamp.by }).where(eq(inspectionTemplates.id, id));
				return { ok: true, template: { id, version, ...definition } };
			});
		} catch (error) {
			// The row lock makes this unreachable between sanimap servers; a version written by
			// other means is still the same refusal as on SQLite, not a failure.
			if (!isUniqueViolation(error)) throw error;
			const current = await this.get(id);
			if (!current) throw error;
			return { ok: false, reason: 'stale', current };
		}
	}
}

async function any(db: Queries): Promise<boolean> {
	return (await db.select({ id: inspectionTemplates.id }).from(inspectionTemplates).limit(1)).length > 0;
}

async function stored(db: Queries, id: number, version: number): Promise<InspectionTemplate | undefined> {
	const [row] = await db
		.select({ definition: inspectionTemplateVersions.definition })
		.from(inspectionTemplateVersions)
		.where(and(eq(inspectionTemplateVersions.templateId, id), eq(inspectionTemplateVersions.version, version)));
	return row && templateOf(id, version, row.definition);
}

async function insert(tx: Tx, t: InspectionTemplateInput, stamp: TemplateStamp): Promise<number> {
	const [{ id }] = await tx
		.insert(inspectionTemplates)
		.values({ version: 1, target: t.target, createdAt: stamp.at, updatedAt: stamp.at, updatedBy: stamp.by })
		.returning({ id: inspectionTemplates.id });
	await tx.insert(inspectionTemplateVersions).values({ templateId: id, version: 1, definition: definitionOf(t), createdAt: stamp.at, createdBy: stamp.by });
	return id;
}

function templateOf(id: number, version: number, definition: unknown): InspectionTemplate {
	return { id, version, ...(definition as InspectionTemplateInput) };
}

const isUniqueViolation = (error: unknown): boolean => postgresCode(error) === UNIQUE_VIOLATION;
