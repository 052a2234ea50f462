export const USAGE = `Usage: ownlist [--data-dir DIR] [--json] <command>

Profiles
  profiles list
  profiles create <name>
  profiles rename <profile> <new-name>
  profiles delete <profile>

To-dos
  todos add <profile> <title> [--list <name>] [--due YYYY-MM-DD] [--notes TEXT]
            [--repeat RULE] [--repeat-from due|done] [--remind YYYY-MM-DDTHH:MM[Z|±HH:MM]]
  todos list <profile> [--list <name>] [--open|--done] [--search <query>]
  todos done <profile> <todo-id>
  RULE: daily, weekdays, weekly, monthly, yearly, "every N days|weeks|months", or RRULE:…

Reminders
  reminders due [--until ISO-8601]   open to-dos' reminders due across all profiles (read-only)

Backups
  backup <profile> <file> [--force]
  backups list <profile>
  backups folder [<folder>|--off]
                         also copy every automatic backup (verified, same retention) into
                         <folder>/Ownlist backups/ (the app makes automatic backups)
  restore <profile> <file>
  restore <profile> --replica <url> [--at ISO-8601] [--key-file FILE]
  import <file> [--name NAME]
  check <profile>
  repair <profile>       rebuild a damaged profile (the damaged file is kept)

Replication (Litestream; not on Windows)
  replicas add <profile> <url> [--key-file FILE] [--no-encrypt] [--take-over]
                         url: file:///folder, sftp://user@host[:port]/path, s3://bucket/path
  replicas list <profile>
  replicas remove <profile> <url>
  replicas restore <url> [--at ISO-8601] [--name NAME] [--key-file FILE]
  replicate <profile>|--all [--once]
                         runs until SIGINT/SIGTERM (final sync); --once syncs and exits

Reports
  report                 figures across every profile (read-only)

Migrations
  migrate <profile>
  migrate --all

<profile> is a profile's id or its exact name.
The data folder is --data-dir, else $OWNLIST_DATA_DIR, else the app's own folder.
--json prints one JSON document; failures exit 1, usage errors exit 2.
Replication error codes: REPLICA_IN_USE, REPLICA_NOT_FOUND, REPLICA_UNREACHABLE,
REPLICATION_UNAVAILABLE. An SFTP password comes from $OWNLIST_SFTP_PASSWORD.`

/** A mistake in how the command was called (exit 2), as opposed to a failure doing it (exit 1). */
export class UsageError extends Error {}
