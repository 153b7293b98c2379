/**
 * The composition root: the server's one database and every service over it, made once when the
 * server starts (`startApp()`, from the server's init hook, before any request): the store is
 * opened and migrated and, when new, seeded with the demo community. Routes and hooks reach
 * services only through `getApp()`; nothing else keeps a module-level instance.
 */
import { join } from 'node:path';
import { config } from './config';
import { openDatabase, type Db } from './db';
import { ChangesetRepository } from './repositories/changesets';
import { FeatureRepository } from './repositories/features';
import { FeatureService } from './services/features/feature-service';
import { seedDemoCommunity } from './services/demo/seed';
import { FailureRateLimiter, LOGIN_LIMIT } from './auth/rate-limit';
import { SessionStore } from './auth/sessions';
import { UserRepository } from './auth/users';
import { RulesService } from './services/rules/rules';
import { ContextLayers } from './services/basemap/context-layers';
import { PlanningService } from './services/planning/planning';
import { ReportService } from './services/reports/report';
import { PhotoService, photoSettingsFromEnv } from './services/hotspots/photos';
import { HotspotService } from './services/hotspots/hotspots';
import { ImportRunner } from './services/imports/import-runner';
import { ImportProgressBoard } from './services/imports/import-progress';
import { TileService } from './services/tiles/tiles';
import { EditService } from './services/edits/edit-service';
import { RoadSplitService } from './services/features/road-split';

/** Accounts: users, sessions and the sign-in throttle. */
export interface Auth {
	users: UserRepository;
	sessions: SessionStore;
	loginLimiter: FailureRateLimiter;
}

export interface App {
	db: Db;
	/** The time every service stamps its writes with and cuts its periods by. */
	clock: () => Date;
	features: FeatureRepository;
	changesets: ChangesetRepository;
	/** The one path of every edit into the store. */
	edits: EditService;
	featureService: FeatureService;
	roads: RoadSplitService;
	auth: Auth;
	rules: RulesService;
	planning: PlanningService;
	reports: ReportService;
	photos: PhotoService;
	hotspots: HotspotService;
	imports: ImportRunner;
	importProgress: ImportProgressBoard;
	tiles: TileService;
}

let started: Promise<App> | undefined;
let app: App | undefined;

/** Opens the store and builds the services, once; every later call answers the same app. */
export function startApp(): Promise<App> {
	return (started ??= composeApp().then((a) => (app = a)));
}

/** The app `startApp()` built. Request handlers run only after it has. */
export function getApp(): App {
	if (!app) throw new Error('sanimap: the app is used before startApp() has finished.');
	return app;
}

async function composeApp(): Promise<App> {
	const clock = () => new Date();
	const db = openDatabase(config.databasePath, { migrationsFolder: config.migrationsDir });
	const features = new FeatureRepository(db);
	const changesets = new ChangesetRepository(db, { clock });
	if (config.seedDemo) {
		const { created } = await seedDemoCommunity(changesets, join(config.dataDir, 'demo'));
		if (created > 0) console.log(`sanimap: seeded the demo community (${created} features) into ${config.databasePath}`);
	}
	const rules = new RulesService(db, clock);
	const rulesInForce = () => rules.get().rules;
	const edits = new EditService(changesets, rulesInForce);
	const context = new ContextLayers(config.dataDir);
	const photos = new PhotoService(db, photoSettingsFromEnv(), clock);
	return {
		db,
		clock,
		features,
		changesets,
		edits,
		featureService: new FeatureService(features, edits),
		roads: new RoadSplitService(edits),
		auth: { users: new UserRepository(db, clock), sessions: new SessionStore(db, clock), loginLimiter: new FailureRateLimiter(LOGIN_LIMIT) },
		rules,
		planning: new PlanningService(features, edits, rules, context),
		reports: new ReportService(db, { rules: rulesInForce, buildings: () => context.get('buildings').features }),
		photos,
		hotspots: new HotspotService(features, changesets, edits, photos, { clock }),
		// The workers open the same database file, after this process has created and migrated it.
		imports: new ImportRunner({
			databasePath: config.databasePath,
			limits: { maxVertices: config.maxVertices, maxFeatures: config.maxImportFeatures, maxUnzippedBytes: config.maxUnzippedBytes }
		}),
		importProgress: new ImportProgressBoard(),
		tiles: new TileService(db, { databasePath: config.databasePath })
	};
}
