#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Builds the release binaries as they ship; ./dev, install.sh and the
# benchmarks all build through here, so that what is measured is what is
# installed. Options go on to `swift build`:
#
#   packaging/build-release.sh --product habits [--scratch-path DIR]
#   packaging/build-release.sh --show-bin-path
#
# The Swift runtime is linked in (it is in no Debian package, and a binary
# that carries it starts faster). Every module, the dependencies too, reaches
# the metadata of generic types through accessor functions rather than by
# mangled name: a mangled name makes the runtime look up the conformances
# the type needs, and each first lookup scans every conformance record in
# the binary (some 6,900, most of them Foundation's, which GRDB brings), about
# 400,000 instructions apiece. Package.swift asks that for our own modules
# (`directMetadata`) but cannot for the dependencies' (GRDB opening a
# database, argument-parser's option types), which this flag reaches.
#
# Every function gets a section of its own (Swift's -function-sections, C's
# and C++'s -ffunction-sections), so that the link orders (habits.order,
# agent.order) move single functions. Without it each object file's code was
# one section, and naming one function in an order file brought the whole
# file's code along: the agent's ordered functions, a megabyte, were spread
# over 6.7 MB. The prebuilt Swift runtime and Foundation archives keep their
# one section a file.
#
# No run path: the binaries load only the system's libraries, and SwiftPM's
# default $ORIGIN made the loader look for each one beside the binary first
# (two dozen failed system calls at every start).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
exec swift build -c release --static-swift-stdlib --disable-local-rpath \
  -Xswiftc -Xfrontend -Xswiftc -disable-concrete-type-metadata-mangled-name-accessors \
  -Xswiftc -Xfrontend -Xswiftc -function-sections -Xcc -ffunction-sections -Xcxx -ffunction-sections "$@"
