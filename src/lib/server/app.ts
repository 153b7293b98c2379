/**
 * The composition root: the server's one database and every service over it, made once when the
 * server starts (`startApp()`, from the server's init hook, before any request): the store is
 * opened and migrated and, when new, seeded with the demo community. Routes and hooks reach
 * services only through `getApp()`; nothing else keeps a module-level instance.
 * There is one clock (SANIMAP_NOW may set where it starts) and one time zone (SANIMAP_TIME_ZONE):
 * every service that stamps a write or cuts a period gets them from here.
 */
import { join } from 'node:path';
import { version } from '$app/environment';
import { config } from './config';
import { serverTime } from './time-settings';
import { openStore, type AppStore } from './store/open-store';
import { describeTarget } from './store/target';
import type { ChangesetStore, FeatureReads } from './store/types';
import { FeatureService } from './services/features/feature-service';
import { seedDemoCommunity } from './services/demo/seed';
import { seedDemoInspections } from './services/demo/demo-inspections';
import { ADDRESS_LOGIN_LIMIT, FailureRateLimiter, LOGIN_LIMIT, PASSWORD_CHECK_LIMIT } from './auth/rate-limit';
import { SessionStore } from './auth/sessions';
import { UserRepository } from './auth/users';
import { UserZones } from './auth/user-zones';
import { RulesService } from './services/rules/rules';
import { ContextLayers } from './services/basemap/context-layers';
import { PlanningService } from './services/planning/planning';
import { PdfRenderer } from './services/reports/report-pdf';
import { AnalysisPool } from './services/analysis/analysis-pool';
import { PhotoService, photoSettingsFromEnv } from './services/hotspots/photos';
import { HotspotService } from './services/hotspots/hotspots';
import { ImportRunner } from './services/imports/import-runner';
import { ImportProgressBoard } from './services/imports/import-progress';
import { ReplicaTiles, TileService, type Tiles } from './services/tiles/tiles';
import { ClusterWorkerClient } from './services/tiles/cluster-client';
import { EditService } from './services/edits/edit-service';
import { RoadSplitService } from './services/features/road-split';
import { InspectionTemplateService } from './services/inspections/templates';
import { InspectionService } from './services/inspections/inspections';
import { VectorService } from './services/vectors/vectors';
import { Open311KeyService } from './services/open311/keys';
import { PublicReportService } from './services/open311/public-reports';
import { GeoReportService } from './services/open311/georeport';

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
	/** The store every service reads and writes through: SQLite or PostgreSQL. */
	store: AppStore;
	/** The time every service stamps its writes with and cuts its periods by. */
	clock: () => Date;
	/** The project's time zone (IANA name): every period is cut in it and every date shown is of it. */
	timeZone: string;
	features: FeatureReads;
	changesets: ChangesetStore;
	/** The one path of every edit into the store. */
	edits: EditService;
	featureService: FeatureService;
	roads: RoadSplitService;
	/** 除四害: vector surveys and activities. */
	vectors: VectorService;
	auth: Auth;
	/** Zones given to users (分片包干). */
	userZones: UserZones;
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
	tiles: Tiles;
	/** Inspection templates, versioned. */
	templates: InspectionTemplateService;
	/** Inspections, the ranking board, the due list, shop frontage. */
	inspections: InspectionService;
	/** Open311 clients' keys, reports from the public, and the GeoReport v2 answers over the cases. */
	open311Keys: Open311KeyService;
	publicReports: PublicReportService;
	georeport: GeoReportService;
}

let started: Promise<App> | undefined;
let app: App | undefined;
/** Set by the first stopAppWork: a start that finishes after it starts no work beside requests. */
let stopping = false;

/** Opens the store and builds the services, once; every later call answers the same app. */
export function startApp(): Promise<App> {
	return (started ??= composeApp().then((a) => {
		if (!stopping) a.analysis.warmUp();
		return (app = a);
	}));
}

/**
 * Ends the work the app runs beside requests: the workers (analyses, imports, cluster indexes) and
 * the PDF browser. What waits on them is answered at once (503); later work is refused. The
 * database stays open for the requests still being answered.
 */
export async function stopAppWork(): Promise<void> {
	stopping = true;
	if (!app) return;
	await Promise.allSettled([app.analysis.close(), app.pdf.close(), app.imports.close(), app.tiles.close()]);
}

/**
 * Ends the work (stopAppWork), then closes the database. Safe to call when nothing was made. A stop
 * that comes while the app is still starting (migrating, seeding the demo) does not wait for the
 * start: the process ends at once and the store rolls back what the start had open (SQLite's
 * journal, PostgreSQL's dropped connection); the next start does it again.
 */
export async function closeApp(): Promise<void> {
	if (!app) return;
	await stopAppWork();
	await app.store.close();
	app = undefined;
}

/** The app `startApp()` built. Request handlers run only after it has. */
export function getApp(): App {
	if (!app) throw new Error('sanimap: the app is used before startApp() has finished.');
	return app;
}

async function composeApp(): Promise<App> {
	// Before anything is opened: a setting the app cannot use stops the start, naming it.
	const { clock, timeZone, offsetMs } = serverTime(config);
	const store = await openStore(config.database, { clock, migrationsFolder: config.migrationsDir, readTarget: config.readDatabase });
	const { features, changesets } = store;
	// A new project starts with the default checklists (before the demo, whose inspections use them).
	const templates = new InspectionTemplateService(store.templates, clock);
	await templates.ensureDefaults();
	if (config.seedDemo) {
		const { created } = await seedDemoCommunity(store.changesetsAt, join(config.dataDir, 'demo'), { now: clock().getTime(), timeZone });
		if (created > 0) console.log(`sanimap: seeded the demo community (${created} features) into ${describeTarget(store.target)}`);
		if (created > 0) await seedDemoInspections(features, store.changesetsAt, templates, { now: clock().getTime(), timeZone });
	}
	const rules = new RulesService(store.settings, clock);
	const rulesInForce = async () => (await rules.get()).rules;
	const userZones = new UserZones(store.userZones, clock);
	const edits = new EditService(changesets, rulesInForce, { features, zonesOf: (userId) => userZones.zonesOf(userId) });
	const context = new ContextLayers(config.dataDir);
	const photos = new PhotoService(store.photos, photoSettingsFromEnv(), clock);
	const featureService = new FeatureService(features, edits, clock, timeZone);
	const hotspots = new HotspotService(features, changesets, edits, photos, { clock });
	const { open311 } = store;
	const open311Keys = new Open311KeyService(open311, clock);
	const publicReports = new PublicReportService(open311, features, edits, hotspots, clock, config.maxVertices);
	return {
		store,
		clock,
		timeZone,
		features,
		changesets,
		edits,
		featureService,
		vectors: new VectorService(features, featureService, edits, rulesInForce),
		roads: new RoadSplitService(edits),
		auth: {
			users: new UserRepository(store.users, clock),
			sessions: new SessionStore(store.sessions, clock),
			loginLimiter: new FailureRateLimiter(LOGIN_LIMIT),
			addressLimiter: new FailureRateLimiter(ADDRESS_LOGIN_LIMIT),
			passwordChangeLimiter: new FailureRateLimiter(PASSWORD_CHECK_LIMIT)
		},
		userZones,
		rules,
		planning: new PlanningService(features, edits, rules, context),
		// The workers open the same store, after this process has created and migrated it.
		analysis: new AnalysisPool({ target: store.target, readTarget: store.replica?.target, dataDir: config.dataDir, workers: config.analysisWorkers, clockOffsetMs: offsetMs, timeZone, stateDir: config.stateDir, build: version }),
		pdf: new PdfRenderer(),
		photos,
		hotspots,
		imports: new ImportRunner({
			target: store.target,
			limits: { maxVertices: config.maxVertices, maxFeatures: config.maxImportFeatures, maxUnzippedBytes: config.maxUnzippedBytes },
			clockOffsetMs: offsetMs
		}),
		importProgress: new ImportProgressBoard(),
		tiles: tileService(store),
		templates,
		inspections: new InspectionService({ features, edits, templates, missingPhotos: (ids) => photos.missing(ids), clock, timeZone }),
		open311Keys,
		publicReports,
		georeport: new GeoReportService(features, hotspots, open311Keys, publicReports, timeZone, clock)
	};
}

/**
 * Cluster tiles are cut in a worker beside a server's store (from the replica when there is one:
 * cluster tiles may lag anyway, and the page overlays its own edits), in this thread for a store
 * in memory (tests).
 */
function tileService(store: AppStore): Tiles {
	const inMemory = store.target.store === 'sqlite' && store.target.path === ':memory:';
	const clusters = inMemory ? undefined : new ClusterWorkerClient({ target: store.replica?.target ?? store.target });
	if (!store.replica) return new TileService(store.tiles, clusters);
	return new ReplicaTiles(new TileService(store.tiles, clusters), new TileService(store.replica.tiles, clusters), store.replica.latest);
}
