// Rebuilds resources/template.sqlite from migrations/ and records new migrations as shipped.
// Refuses to run when a shipped migration was edited: add a new migration instead.
import fs from 'node:fs'
import { checksumFile, editedMigrations, readChecksums } from '../main/engine/checksums'
import { loadMigrations } from '../main/engine/migrations'
import { DEFAULT_MIGRATIONS_DIR, DEFAULT_TEMPLATE_FILE } from '../main/engine/resources'
import { buildTemplate } from '../main/engine/template'

const migrations = loadMigrations(DEFAULT_MIGRATIONS_DIR)
const shipped = readChecksums(DEFAULT_MIGRATIONS_DIR)
const edited = editedMigrations(migrations, shipped)
if (edited.length > 0) {
  console.error(`Shipped migrations were edited: ${edited.join(', ')}. Revert them and add a new migration instead.`)
  process.exit(1)
}
const next = Object.fromEntries(migrations.map((m) => [m.name, m.checksum]))
fs.writeFileSync(checksumFile(DEFAULT_MIGRATIONS_DIR), `${JSON.stringify(next, null, 2)}\n`)
buildTemplate(migrations, DEFAULT_TEMPLATE_FILE)
console.log(`template.sqlite built at schema version ${migrations.length}`)
