/**
 * The composition root: the server's one database and every service over it, made once on first
 * use. The file is created, migrated and, when new, seeded with the demo community. Routes and
 * hooks reach services only through `getApp()`; nothing else keeps a module-level instance.
 * There is one clock (SANIMAP_NOW may set where it starts) and one time zone (SANIMAP_TIME_ZONE):
 * every service that stamps a write or cuts a period gets them from here.
 */
import { join } from 'node:path';
import { config } from './config';
import { readTimeSettings } from './time-settings';
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
	/** The project's time zone (IANA name): every period is cut in it and every date shown is of it. */
	timeZone: string;
	features: FeatureRepository;
	changesets: ChangesetRepository;
	featureService: FeatureService;
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

let app: App | undefined;

export function getApp(): App {
	return (app ??= composeApp());
}

function composeApp(): App {
	// Before anything is opened: a setting the app cannot use stops the start, naming it.
	const { clock, timeZone, offsetMs } = readTimeSettings();
	const db = openDatabase(config.databasePath, { migrationsFolder: config.migrationsDir });
	const features = new FeatureRepository(db);
	const changesets = new ChangesetRepository(db, { clock });
	if (config.seedDemo) {
		const { created } = seedDemoCommunity(db, join(config.dataDir, 'demo'), { now: clock().getTime(), timeZone });
		if (created > 0) console.log(`sanimap: seeded the demo community (${created} features) into ${config.databasePath}`);
	}
	const rules = new RulesService(db, clock);
	const rulesInForce = () => rules.get().rules;
	const context = new ContextLayers(config.dataDir);
	const photos = new PhotoService(db, photoSettingsFromEnv(), clock);
	return {
		db,
		clock,
		timeZone,
		features,
		changesets,
		featureService: new FeatureService(features, changesets, clock),
		auth: { users: new UserRepository(db, clock), sessions: new SessionStore(db, clock), loginLimiter: new FailureRateLimiter(LOGIN_LIMIT) },
		rules,
		planning: new PlanningService(features, changesets, rules, context),
		reports: new ReportService(db, { rules: rulesInForce, buildings: () => context.get('buildings').features, timeZone, clock }),
		photos,
		hotspots: new HotspotService(db, features, changesets, photos, { rules: rulesInForce, clock, timeZone }),
		// The workers open the same database file, after this process has created and migrated it.
		imports: new ImportRunner({
			databasePath: config.databasePath,
			limits: { maxVertices: config.maxVertices, maxFeatures: config.maxImportFeatures, maxUnzippedBytes: config.maxUnzippedBytes },
			clockOffsetMs: offsetMs
		}),
		importProgress: new ImportProgressBoard(),
		tiles: new TileService(db, { databasePath: config.databasePath })
	};
}
