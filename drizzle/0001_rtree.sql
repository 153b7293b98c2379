-- Custom migration: an R*Tree over the bboxes of live features for viewport queries.
-- R*Tree stores 32-bit floats, rounding each box outward, so queries use overlap on the
-- R*Tree and then filter exactly on the features table's own bbox columns.
CREATE VIRTUAL TABLE `features_rtree` USING rtree(`id`, `min_x`, `max_x`, `min_y`, `max_y`);
--> statement-breakpoint
INSERT INTO `features_rtree` (`id`, `min_x`, `max_x`, `min_y`, `max_y`)
	SELECT `id`, `min_x`, `max_x`, `min_y`, `max_y` FROM `features` WHERE `deleted_at` IS NULL;
--> statement-breakpoint
CREATE TRIGGER `features_rtree_insert` AFTER INSERT ON `features` WHEN NEW.`deleted_at` IS NULL
BEGIN
	INSERT INTO `features_rtree` (`id`, `min_x`, `max_x`, `min_y`, `max_y`)
	VALUES (NEW.`id`, NEW.`min_x`, NEW.`max_x`, NEW.`min_y`, NEW.`max_y`);
END;
--> statement-breakpoint
CREATE TRIGGER `features_rtree_update` AFTER UPDATE OF `min_x`, `min_y`, `max_x`, `max_y`, `deleted_at` ON `features`
BEGIN
	DELETE FROM `features_rtree` WHERE `id` = OLD.`id`;
	INSERT INTO `features_rtree` (`id`, `min_x`, `max_x`, `min_y`, `max_y`)
	SELECT NEW.`id`, NEW.`min_x`, NEW.`max_x`, NEW.`min_y`, NEW.`max_y` WHERE NEW.`deleted_at` IS NULL;
END;
--> statement-breakpoint
CREATE TRIGGER `features_rtree_delete` AFTER DELETE ON `features`
BEGIN
	DELETE FROM `features_rtree` WHERE `id` = OLD.`id`;
END;
