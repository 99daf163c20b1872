// SPDX-License-Identifier: Apache-2.0
// The insert of `habits done`, on SQLite's C interface and nothing else.
import FloorInsert

insertCheckIn(program: "floor-sqlite")
