-- Repeating to-dos and reminders (release 0.2.0).
-- repeat_rule: an RFC 5545 RRULE body ("FREQ=WEEKLY;BYDAY=MO"), computed in the local calendar.
-- repeat_from: 'due' (the next due date follows the rule from this one's due date) or 'done'
--   (from the day it was completed); NULL when the to-do does not repeat.
-- remind_at: when to remind, a UTC ISO-8601 moment.
-- follows_id: the occurrence whose completion created this one, so undoing that completion
--   can remove it again; NULL for every to-do made by hand.
ALTER TABLE todos ADD COLUMN repeat_rule TEXT NULL;
ALTER TABLE todos ADD COLUMN repeat_from TEXT NULL CHECK (repeat_from IN ('due', 'done'));
ALTER TABLE todos ADD COLUMN remind_at TEXT NULL;
ALTER TABLE todos ADD COLUMN follows_id INTEGER NULL REFERENCES todos(id) ON DELETE SET NULL;

-- "What is due to remind?" across profiles reads only open to-dos with a reminder.
CREATE INDEX todos_by_remind ON todos(remind_at) WHERE remind_at IS NOT NULL AND done = 0;
-- Undoing a completion finds the occurrence it created.
CREATE INDEX todos_by_follows ON todos(follows_id) WHERE follows_id IS NOT NULL;
