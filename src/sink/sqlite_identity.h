// Whether an existing file is a jixiao database, found out without changing a byte of it, and a
// read-only connection that works where the database's directory cannot be written.
//
// A jixiao database carries PRAGMA application_id = kJixiaoApplicationId (set since schema 1
// databases are opened for writing by this version), or, written by an earlier version, the
// meta.schema_version row beside the documents and records tables. Anything else that exists
// and is not empty (another program's database, a file that is not SQLite) is refused before
// any write: no table added, no switch to WAL, no -wal or -shm file left next to it.
#pragma once

#include <sqlite3.h>

#include <optional>
#include <string>

#include "core/error.h"

namespace jixiao {

inline constexpr int kJixiaoApplicationId = 0x4A58414F;  // "JXAO"

// Process-wide SQLite settings, applied before the first connection opens (a later call, or one
// after another part of the program initialized SQLite, changes nothing): no memory statistics,
// whose global mutex every allocation of the importer's writer took.
void configure_sqlite_library();

// Nothing when `path` is missing, empty, or a jixiao database of this schema version; else why
// it must not be written (not SQLite, another program's database, another schema version).
std::optional<Error> refuse_unless_jixiao(const std::string& path, int schema_version);

// A read-only connection to an existing jixiao database (busy timeout set), or why not. A WAL
// database whose directory cannot be written cannot get its shared-memory index (-shm): with no
// write-ahead log left to read it is opened immutable; with one that still holds data, the error
// says so (only a writable directory or a copy can read it).
Result<sqlite3*> open_jixiao_for_reading(const std::string& path, int schema_version);

}  // namespace jixiao
