/// What every command reads of the global options; `GlobalOptions` (parsed
/// by argument-parser) and `QuickPath` (parsed by hand) both provide it.
protocol CommonOptions {
  var schedules: String? { get }
  var db: String? { get }
  var json: Bool { get }
  var color: ColorChoice { get }
}

extension GlobalOptions: CommonOptions {}
