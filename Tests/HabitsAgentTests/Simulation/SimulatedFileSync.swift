// SPDX-License-Identifier: Apache-2.0
import Foundation
import HabitsSync
import Recurrence

/// A file-sync tool between devices, on the simulation's clock: each
/// device's own event files are copied into the other devices' copies of
/// the sync folder, late (minutes to days), a growth in pieces cut at any
/// byte (so a copy often ends in a torn line), each file on its own delay
/// (so files arrive out of order), and not at all to or from a device that
/// is cut off or switched off, until it is back.
final class SimulatedFileSync {
  /// One piece on its way: `to`'s copy of `path` (one of `from`'s files)
  /// is brought up to `upTo` bytes at `at`.
  struct Delivery {
    var at: Instant
    var from: Int
    var to: Int
    var path: String
    var upTo: Int
    /// In the order growths were seen, per pair of devices.
    var sent: Int
  }

  /// Each device's copy of the sync folder.
  let roots: [String]
  /// Each device's id, whose `devices/<id>/` it alone writes.
  let devices: [DeviceID]
  private(set) var pending: [Delivery] = []
  /// For each sender, receiver and file: how many bytes are already on their way.
  private var announced: [Int: [Int: [String: Int]]] = [:]
  private var sentCount: [Int: [Int: Int]] = [:]
  private var lastArrived: [Int: [Int: Int]] = [:]
  /// Until when each device can neither send nor receive (cut off or off).
  var unreachableUntil: [Instant?]

  // What happened, so that a run can show it was not idle.
  private(set) var piecesDelivered = 0
  private(set) var bytesDelivered = 0
  private(set) var tornPieces = 0
  private(set) var outOfOrder = 0
  private(set) var heldBack = 0
  private(set) var longestDelay = 0

  init(roots: [String], devices: [DeviceID]) {
    self.roots = roots
    self.devices = devices
    unreachableUntil = Array(repeating: nil, count: roots.count)
  }

  /// `device`'s own files and their sizes, by path in the folder.
  func ownFiles(of device: Int) -> [String: Int] {
    let relative = "devices/\(devices[device])"
    let folder = roots[device] + "/" + relative
    var files: [String: Int] = [:]
    for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
    where name.hasSuffix(".jsonl") {
      var info = stat()
      guard stat(folder + "/" + name, &info) == 0 else { continue }
      files[relative + "/" + name] = Int(info.st_size)
    }
    return files
  }

  /// Sees what `device` appended since last looked, and sends it on to each
  /// other device: in one to three pieces, the first after a delay of a
  /// minute to three days, the rest soon after.
  func noticeGrowth(of device: Int, at now: Instant, rng: inout SimulationRandom) {
    for (path, size) in ownFiles(of: device).sorted(by: { $0.key < $1.key }) {
      for receiver in roots.indices where receiver != device {
        let already = announced[device, default: [:]][receiver, default: [:]][path] ?? 0
        guard size > already else { continue }
        announced[device, default: [:]][receiver, default: [:]][path] = size
        let delay = rng.chance(0.5) ? rng.logUniform(60, 3_600) : rng.logUniform(60, 3 * 86_400)
        longestDelay = max(longestDelay, delay)
        var at = now.adding(seconds: delay)
        var cuts = (0..<rng.int(0...2)).map { _ in rng.int(already + 1...size) }
        cuts = Array(Set(cuts + [size])).sorted()
        for cut in cuts {
          let sent = sentCount[device, default: [:]][receiver, default: 0]
          sentCount[device, default: [:]][receiver] = sent + 1
          pending.append(
            Delivery(at: at, from: device, to: receiver, path: path, upTo: cut, sent: sent))
          at = at.adding(seconds: rng.int(1...900))
        }
      }
    }
    pending.sort { ($0.at, $0.from, $0.to, $0.sent) < ($1.at, $1.from, $1.to, $1.sent) }
  }

  /// When the next piece arrives.
  var nextArrival: Instant? { pending.first?.at }

  /// Brings the next piece (due by `now`) to its receiver, or holds it back
  /// while either end is unreachable; returns the receiver when bytes arrived.
  func deliverNext(now: Instant, rng: inout SimulationRandom) -> Int? {
    guard let delivery = pending.first, delivery.at <= now else { return nil }
    pending.removeFirst()
    let back = [delivery.from, delivery.to].compactMap { unreachableUntil[$0] }.filter { $0 > now }
    if let until = back.max() {
      heldBack += 1
      var later = delivery
      later.at = until.adding(seconds: rng.int(60...7_200))
      let index = pending.firstIndex { ($0.at, $0.sent) > (later.at, later.sent) } ?? pending.count
      pending.insert(later, at: index)
      return nil
    }
    return copy(delivery) ? delivery.to : nil
  }

  /// Brings now the pieces for `receiver` due within `seconds`, as if they
  /// came together with something else; returns whether any byte moved.
  func deliverSoon(to receiver: Int, now: Instant, within seconds: Int) -> Bool {
    guard unreachableUntil[receiver].map({ $0 <= now }) ?? true else { return false }
    let soon = pending.filter {
      $0.to == receiver && $0.at <= now.adding(seconds: seconds)
        && (unreachableUntil[$0.from].map { $0 <= now } ?? true)
    }
    pending.removeAll { d in
      soon.contains { $0.from == d.from && $0.to == d.to && $0.sent == d.sent }
    }
    var moved = false
    for delivery in soon where copy(delivery) { moved = true }
    return moved
  }

  /// Everything every device wrote, at every other device now: the end of
  /// a healing. Returns whether any byte moved.
  @discardableResult
  func deliverEverything() -> Bool {
    pending = []
    var moved = false
    for sender in roots.indices {
      for (path, size) in ownFiles(of: sender) {
        for receiver in roots.indices where receiver != sender {
          announced[sender, default: [:]][receiver, default: [:]][path] = size
          let sent = sentCount[sender, default: [:]][receiver, default: 0]
          sentCount[sender, default: [:]][receiver] = sent + 1
          let delivery = Delivery(
            at: Instant(secondsSince1970: 0), from: sender, to: receiver, path: path, upTo: size,
            sent: sent)
          if copy(delivery) { moved = true }
        }
      }
    }
    return moved
  }

  /// Whether some device's copy of another's file is shorter than the original.
  var outstanding: Bool {
    for sender in roots.indices {
      for (path, size) in ownFiles(of: sender) {
        for receiver in roots.indices
        where receiver != sender && Self.size(roots[receiver] + "/" + path) < size {
          return true
        }
      }
    }
    return false
  }

  static func size(_ path: String) -> Int {
    var info = stat()
    return stat(path, &info) == 0 ? Int(info.st_size) : 0
  }

  /// Appends to the receiver's copy what it lacks of the first `upTo` bytes.
  private func copy(_ delivery: Delivery) -> Bool {
    let source = roots[delivery.from] + "/" + delivery.path
    let target = roots[delivery.to] + "/" + delivery.path
    let last = lastArrived[delivery.from, default: [:]][delivery.to] ?? -1
    // Overtaken: a later growth (of this file or another) came first.
    if delivery.sent < last { outOfOrder += 1 }
    lastArrived[delivery.from, default: [:]][delivery.to] = max(last, delivery.sent)
    let have = Self.size(target)
    guard have < delivery.upTo else { return false }
    guard let input = FileHandle(forReadingAtPath: source) else { return false }
    defer { try? input.close() }
    do {
      try input.seek(toOffset: UInt64(have))
      let bytes = try input.read(upToCount: delivery.upTo - have) ?? Data()
      let folder = (target as NSString).deletingLastPathComponent
      try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
      if !FileManager.default.fileExists(atPath: target) {
        // Should it fail, there is no file to open just below.
        _ = FileManager.default.createFile(atPath: target, contents: nil)
      }
      guard let output = FileHandle(forWritingAtPath: target) else { return false }
      defer { try? output.close() }
      try output.seekToEnd()
      try output.write(contentsOf: bytes)
      piecesDelivered += 1
      bytesDelivered += bytes.count
      if bytes.last != UInt8(ascii: "\n") { tornPieces += 1 }
      return !bytes.isEmpty
    } catch {
      return false
    }
  }
}
