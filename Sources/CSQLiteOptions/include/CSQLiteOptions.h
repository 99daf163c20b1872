// SPDX-License-Identifier: Apache-2.0
#ifndef HABITS_CSQLITEOPTIONS_H
#define HABITS_CSQLITEOPTIONS_H

// The connection options of SQLite that Swift cannot set itself:
// sqlite3_db_config is variadic.
#include <sqlite3.h>

/// Whether closing the last connection to the database checkpoints its WAL
/// into the file and deletes it (SQLite's default), or leaves the WAL for
/// the next connection. Returns SQLite's result code.
static inline int habits_sqlite_checkpoint_on_close(sqlite3 *db, int checkpoint) {
  return sqlite3_db_config(db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, checkpoint ? 0 : 1, (int *)0);
}

#endif
