/**
 * The composition root: the server's one database and every service over it, made once on first
 * use. The file is created, migrated and, when new, seeded with the demo community. Routes and
 * hooks reach services only through `getApp()`; nothing else keeps a module-level instance.
 */
import { join } from 'node:path';
import { config } from './config';
import { openDatabase, type Db } from './db';
import { ChangesetRepository } from './repositories/changesets';
import { FeatureRepository } from './repositories/features';
import { FeatureService } from './services/features/feature-service';
import { seedDemoCommunity } from './services/demo/seed';
import { ADDRESS_LOGIN_LIMIT, FailureRateLimiter, LOGIN_LIMIT, PASSWORD_CHECK_LIMIT } from './auth/rate-limit';
import { SessionStore } from './auth/sessions';
import { UserRepository } from './auth/users';
import { RulesService } from './services/rules/rules';
import { ContextLayers } from './services/basemap/context-layers';
import { PlanningService } from './services/planning/planning';
import { PdfRenderer } from './services/reports/report-pdf';
import { AnalysisPool } from './services/analysis/analysis-pool';
import { PhotoService, photoSettingsFromEnv } from './services/hotspots/photos';
import { HotspotService } from './services/hotspots/hotspots';
import { ImportRunner } from './services/imports/import-runner';
import { ImportProgressBoard } from './services/imports/import-progress';
import { TileService } from './services/tiles/tiles';

/** Accounts: users, sessions and the throttles of password checks. */
export interface Auth {
	users: UserRepository;
	sessions: SessionStore;
	/** Wrong passwords at sign-in, per username and address. */
	loginLimiter: FailureRateLimiter;
	/** Wrong passwords at sign-in from one address, whatever the username. */
	addressLimiter: FailureRateLimiter;
	/** Wrong current passwords when changing one's own password, per user. */
	passwordChangeLimiter: FailureRateLimiter;
}

export interface App {
	db: Db;
	/** The time every service stamps its writes with and cuts its periods by. */
	clock: () => Date;
	features: FeatureRepository;
	changesets: ChangesetRepository;
	featureService: FeatureService;
	auth: Auth;
	rules: RulesService;
	planning: PlanningService;
	/** Analyses, reports and exports, computed in worker threads. */
	analysis: AnalysisPool;
	/** The report as PDF, printed by one shared Chromium. */
	pdf: PdfRenderer;
	photos: PhotoService;
	hotspots: HotspotService;
	imports: ImportRunner;
	importProgress: ImportProgressBoard;
	tiles: TileService;
}

let app: App | undefined;

export function getApp(): App {
	return (app ??= composeApp());
}

/**
 * Ends the work the app runs beside requests: the workers (analyses, imports, cluster indexes) and
 * the PDF browser. What waits on them is answered at once (503); later work is refused. The
 * database stays open for the requests still being answered.
 */
export async function stopAppWork(): Promise<void> {
	if (!app) return;
	await Promise.allSettled([app.analysis.close(), app.pdf.close(), app.imports.close(), app.tiles.close()]);
}

/** Ends the work (stopAppWork), then closes the database. Safe to call when nothing was made. */
export async function closeApp(): Promise<void> {
	if (!app) return;
	await stopAppWork();
	app.db.$client.close();
	app = undefined;
}

function composeApp(): App {
	const clock = () => new Date();
	const db = openDatabase(config.databasePath, { migrationsFolder: config.migrationsDir });
	const features = new FeatureRepository(db);
	const changesets = new ChangesetRepository(db, { clock });
	if (config.seedDemo) {
		const { created } = seedDemoCommunity(changesets, join(config.dataDir, 'demo'));
		if (created > 0) console.log(`sanimap: seeded the demo community (${created} features) into ${config.databasePath}`);
	}
	const rules = new RulesService(db, clock);
	const rulesInForce = () => rules.get().rules;
	const context = new ContextLayers(config.dataDir);
	const photos = new PhotoService(db, photoSettingsFromEnv(), clock);
	return {
		db,
		clock,
		features,
		changesets,
		featureService: new FeatureService(features, changesets),
		auth: {
			users: new UserRepository(db, clock),
			sessions: new SessionStore(db, clock),
			loginLimiter: new FailureRateLimiter(LOGIN_LIMIT),
			addressLimiter: new FailureRateLimiter(ADDRESS_LOGIN_LIMIT),
			passwordChangeLimiter: new FailureRateLimiter(PASSWORD_CHECK_LIMIT)
		},
		rules,
		planning: new PlanningService(features, changesets, rules, context),
		// The workers open the same database file, after this process has created and migrated it.
		analysis: new AnalysisPool({ databasePath: config.databasePath, dataDir: config.dataDir, workers: config.analysisWorkers }),
		pdf: new PdfRenderer(),
		photos,
		hotspots: new HotspotService(db, features, changesets, photos, { rules: rulesInForce, clock }),
		imports: new ImportRunner({
			databasePath: config.databasePath,
			limits: { maxVertices: config.maxVertices, maxFeatures: config.maxImportFeatures, maxUnzippedBytes: config.maxUnzippedBytes }
		}),
		importProgress: new ImportProgressBoard(),
		tiles: new TileService(db, { databasePath: config.databasePath })
	};
}
