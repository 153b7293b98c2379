/**
 * The server's one database and the services over it, opened on first use: the file is created,
 * migrated and, when new, seeded with the demo community.
 */
import { join } from 'node:path';
import { config } from './config';
import { openDatabase, type Db } from './db';
import { ChangesetRepository } from './repositories/changesets';
import { FeatureRepository } from './repositories/features';
import { FeatureService } from './services/feature-service';
import { seedDemoCommunity } from './services/seed';

export interface App {
	db: Db;
	features: FeatureRepository;
	changesets: ChangesetRepository;
	featureService: FeatureService;
}

let app: App | undefined;

export function getApp(): App {
	if (app) return app;
	const db = openDatabase(config.databasePath, { migrationsFolder: config.migrationsDir });
	const features = new FeatureRepository(db);
	const changesets = new ChangesetRepository(db);
	if (config.seedDemo) {
		const { created } = seedDemoCommunity(changesets, join(config.dataDir, 'demo'));
		if (created > 0) console.log(`sanimap: seeded the demo community (${created} features) into ${config.databasePath}`);
	}
	app = { db, features, changesets, featureService: new FeatureService(features, changesets) };
	return app;
}
