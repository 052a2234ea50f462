-- The first schema: profile metadata, lists, to-dos and their full-text index.
-- There is no user_id anywhere: the file is the user.

CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE lists (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL,
  position   INTEGER NOT NULL,
  created_at TEXT NOT NULL
);

CREATE INDEX lists_by_position ON lists(position);

CREATE TABLE todos (
  id           INTEGER PRIMARY KEY,
  list_id      INTEGER NOT NULL REFERENCES lists(id) ON DELETE CASCADE,
  title        TEXT NOT NULL,
  notes        TEXT NOT NULL DEFAULT '',
  done         INTEGER NOT NULL DEFAULT 0,
  due_on       TEXT NULL, -- YYYY-MM-DD
  position     INTEGER NOT NULL,
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL,
  completed_at TEXT NULL
);

-- The list view: one list's to-dos in their order.
CREATE INDEX todos_by_list ON todos(list_id, position);
-- Today / Overdue filters and reports.
CREATE INDEX todos_by_due ON todos(due_on) WHERE due_on IS NOT NULL;
-- "done in the last N days" reports.
CREATE INDEX todos_by_completed ON todos(completed_at) WHERE completed_at IS NOT NULL;

-- External-content FTS5 index over title and notes, kept in sync by triggers.
CREATE VIRTUAL TABLE todos_fts USING fts5(
  title, notes,
  content='todos', content_rowid='id',
  tokenize='unicode61 remove_diacritics 2'
);

CREATE TRIGGER todos_fts_insert AFTER INSERT ON todos BEGIN
  INSERT INTO todos_fts(rowid, title, notes) VALUES (new.id, new.title, new.notes);
END;

CREATE TRIGGER todos_fts_delete AFTER DELETE ON todos BEGIN
  INSERT INTO todos_fts(todos_fts, rowid, title, notes) VALUES ('delete', old.id, old.title, old.notes);
END;

CREATE TRIGGER todos_fts_update AFTER UPDATE OF title, notes ON todos BEGIN
  INSERT INTO todos_fts(todos_fts, rowid, title, notes) VALUES ('delete', old.id, old.title, old.notes);
  INSERT INTO todos_fts(rowid, title, notes) VALUES (new.id, new.title, new.notes);
END;

INSERT INTO lists(name, position, created_at) VALUES ('Inbox', 0, '1970-01-01T00:00:00.000Z');
