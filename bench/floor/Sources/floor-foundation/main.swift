// SPDX-License-Identifier: Apache-2.0
// The insert of `habits done` on SQLite's C interface, made under a lock of
// Foundation's: Foundation linked in and loaded, as GRDB has it.
import FloorInsert
import Foundation

let lock = NSLock()
lock.lock()
insertCheckIn(program: "floor-foundation")
lock.unlock()
