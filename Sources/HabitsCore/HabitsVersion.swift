// SPDX-License-Identifier: Apache-2.0
/// The version of habits, written here and nowhere else.
///
/// `habits --version`, `habits-agent --version` and `habits --help` print it,
/// and `packaging/build-deb.sh` asks the built binary for it, so the package,
/// the binaries and their help can never disagree. CHANGELOG.md has a section
/// for each released version; the package build refuses one without.
public enum HabitsVersion {
  public static let current = "0.1.0"
}
