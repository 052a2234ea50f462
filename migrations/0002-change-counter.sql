-- A counter that moves with every change to lists and to-dos, whoever makes it (the app,
-- the CLI, another tool): "has this profile changed since its last backup?" is then one
-- read of meta.change_seq in the profile and in the backup.

INSERT OR IGNORE INTO meta(key, value) VALUES ('change_seq', '0');

CREATE TRIGGER lists_changed_on_insert AFTER INSERT ON lists BEGIN
  UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'change_seq';
END;
CREATE TRIGGER lists_changed_on_update AFTER UPDATE ON lists BEGIN
  UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'change_seq';
END;
CREATE TRIGGER lists_changed_on_delete AFTER DELETE ON lists BEGIN
  UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'change_seq';
END;
CREATE TRIGGER todos_changed_on_insert AFTER INSERT ON todos BEGIN
  UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'change_seq';
END;
CREATE TRIGGER todos_changed_on_update AFTER UPDATE ON todos BEGIN
  UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'change_seq';
END;
CREATE TRIGGER todos_changed_on_delete AFTER DELETE ON todos BEGIN
  UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'change_seq';
END;
