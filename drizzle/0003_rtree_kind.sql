-- Custom migration: the R*Tree indexes each feature's kind as a third dimension beside its box,
-- so a query for one layer never visits the other layers' entries. In a dense city tile most
-- entries belong to other layers (a z14 road tile at city scale: 6,400 entries, 1,100 roads),
-- and scanning them was most of the tile's time. R*Tree coordinates are numbers, so each kind
-- gets a small integer code in `feature_kinds`, added by the insert trigger the first time a
-- kind is stored.
CREATE TABLE `feature_kinds` (`code` integer PRIMARY KEY NOT NULL, `kind` text NOT NULL UNIQUE);
--> statement-breakpoint
INSERT INTO `feature_kinds` (`kind`) SELECT DISTINCT `kind` FROM `features` ORDER BY `kind`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `features_rtree_insert`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `features_rtree_update`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `features_rtree_delete`;
--> statement-breakpoint
DROP TABLE IF EXISTS `features_rtree`;
--> statement-breakpoint
CREATE VIRTUAL TABLE `features_rtree` USING rtree(`id`, `min_x`, `max_x`, `min_y`, `max_y`, `min_k`, `max_k`);
--> statement-breakpoint
INSERT INTO `features_rtree` (`id`, `min_x`, `max_x`, `min_y`, `max_y`, `min_k`, `max_k`)
	SELECT f.`id`, f.`min_x`, f.`max_x`, f.`min_y`, f.`max_y`, k.`code`, k.`code`
	FROM `features` f JOIN `feature_kinds` k ON k.`kind` = f.`kind` WHERE f.`deleted_at` IS NULL;
--> statement-breakpoint
CREATE TRIGGER `features_rtree_insert` AFTER INSERT ON `features` WHEN NEW.`deleted_at` IS NULL
BEGIN
	INSERT OR IGNORE INTO `feature_kinds` (`kind`) VALUES (NEW.`kind`);
	INSERT INTO `features_rtree` (`id`, `min_x`, `max_x`, `min_y`, `max_y`, `min_k`, `max_k`)
	SELECT NEW.`id`, NEW.`min_x`, NEW.`max_x`, NEW.`min_y`, NEW.`max_y`, `code`, `code` FROM `feature_kinds` WHERE `kind` = NEW.`kind`;
END;
--> statement-breakpoint
CREATE TRIGGER `features_rtree_update` AFTER UPDATE OF `kind`, `min_x`, `min_y`, `max_x`, `max_y`, `deleted_at` ON `features`
BEGIN
	DELETE FROM `features_rtree` WHERE `id` = OLD.`id`;
	INSERT OR IGNORE INTO `feature_kinds` (`kind`) VALUES (NEW.`kind`);
	INSERT INTO `features_rtree` (`id`, `min_x`, `max_x`, `min_y`, `max_y`, `min_k`, `max_k`)
	SELECT NEW.`id`, NEW.`min_x`, NEW.`max_x`, NEW.`min_y`, NEW.`max_y`, `code`, `code` FROM `feature_kinds`
	WHERE `kind` = NEW.`kind` AND NEW.`deleted_at` IS NULL;
END;
--> statement-breakpoint
CREATE TRIGGER `features_rtree_delete` AFTER DELETE ON `features`
BEGIN
	DELETE FROM `features_rtree` WHERE `id` = OLD.`id`;
END;
