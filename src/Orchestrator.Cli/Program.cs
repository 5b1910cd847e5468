using System.CommandLine;
using Orchestrator.Cli;
using Orchestrator.Core.Sync;

// migrator: the embedded host. The same workflow as the Azure Functions app, run in this process.
var spec = new Option<string>("--spec") { Description = "Migration spec (JSON); see README 'Spec reference'", Required = true };
var id = new Option<string?>("--id") { Description = "Migration id; run again with the same id to resume (default: a new id, printed)" };
var requiredId = new Option<string>("--id") { Description = "Id of a migration that ran before", Required = true };
var ddl = new Option<string?>("--ddl") { Description = "Write the target DDL script (runs as is on an empty database) to " +
    "this file instead of printing it" };
var json = new Option<bool>("--json") { Description = "Print report.json instead of the readable summary" };

var migrate = new Command("migrate",
    "Migrate the tables the spec selects: extract, stage, load, finalize, validate, report; with sync.enabled, " +
    "then apply the source's changes until `migrator cutover`.\n" +
    "Exit codes: 0 migrated and validated; 1 validation found differences; 2 bad spec or arguments; 3 failed at run time (resumable)")
    { spec, id };
migrate.SetAction((parse, ct) => CliRuntime.RunAsync(r => Commands.MigrateAsync(r, parse.GetValue(spec)!, parse.GetValue(id), ct)));

var plan = new Command("plan",
    "Show the tables, chunks, schema conversion findings, source probes not available and target DDL a " +
    "migration would use; changes nothing") { spec, ddl };
plan.SetAction((parse, ct) => CliRuntime.RunAsync(r => Commands.PlanAsync(r, parse.GetValue(spec)!, parse.GetValue(ddl), ct)));

var validate = new Command("validate",
    "Validate a migration again (each table's digest against its chunks', chunks read back where a table differs, and table " +
    "aggregates) and rewrite its report") { spec, requiredId };
validate.SetAction((parse, ct) => CliRuntime.RunAsync(r => Commands.ValidateAsync(r, parse.GetValue(spec)!,
    parse.GetValue(requiredId)!, ct)));

var report = new Command("report", "Print the report of a migration (exit 0 if it passed, 1 if not)") { requiredId, spec, json };
report.SetAction((parse, ct) => CliRuntime.RunAsync(r => Commands.ReportAsync(r, parse.GetValue(spec)!, parse.GetValue(requiredId)!,
    parse.GetValue(json), ct)));

var outDir = new Option<string?>("--out") { Description = "Directory for assessment.json, assessment.md and assessment.html " +
    "(default: print the Markdown)" };
var scan = new Option<bool>("--scan") { Description = "Read every row: exact LOB sizes and vector lengths, and proof that wide types " +
    "can be narrowed (default: statistics and a sample, estimates)" };
var assess = new Command("assess",
    "Assess the source: tables, rows, sizes, partitions, LOB columns, source and target types, lossy types, " +
    "objects that are not data with their conversion effort, heavy queries, AI/ML suggestions as spec rules, a time estimate, " +
    "target DDL; reads the source only") { spec, outDir, scan };
assess.SetAction((parse, ct) => CliRuntime.RunAsync(r => Commands.AssessAsync(r, parse.GetValue(spec)!, parse.GetValue(outDir),
    parse.GetValue(scan), ct)));

var reverse = new Option<bool>("--reverse") { Description = "After cutover: keep the legacy PostgreSQL database current from the new " +
    "one (a rollback then loses nothing)" };
var sync = new Command("sync",
    "Resume applying the source's changes to the target (spec sync.enabled) until cutover; with --reverse, the new database's " +
    "changes to the legacy one after cutover.\nExit codes: 0 cut over; 2 bad spec or arguments; 3 failed at run time (resumable)")
    { spec, requiredId, reverse };
sync.SetAction((parse, ct) => CliRuntime.RunAsync(r => SyncCommands.SyncAsync(r, parse.GetValue(spec)!, parse.GetValue(requiredId)!,
    parse.GetValue(reverse), ct)));

var optionalSpec = new Option<string?>("--spec") { Description = "Migration spec (JSON); default: the spec the migration " +
    "last ran with on this machine" };
var status = new Command("status",
    "Show a syncing migration's lag: the source's position against the applied one, in changes, bytes and seconds")
    { requiredId, optionalSpec, reverse };
status.SetAction((parse, ct) => CliRuntime.RunAsync(r => SyncCommands.StatusAsync(r, parse.GetValue(optionalSpec),
    parse.GetValue(requiredId)!, parse.GetValue(reverse), ct)));

var timeout = new Option<int>("--timeout") { Description = "Seconds to wait for the sync to catch up once writes stop (default 300)",
    DefaultValueFactory = _ => 300 };
var readOnly = new Option<bool>("--read-only") { Description = "Make the source read-only first (ALTER DATABASE ... " +
    "default_transaction_read_only, sessions ended), instead of relying on the application having stopped; the keys changed so far are " +
    "compared first, while writes go on" };
var fullCompare = new Option<bool>("--full-compare") { Description = "Compare every row, not only the keys the sync changed " +
    "(the load's digests vouch for the rest): longer downtime, and evidence against writes to the target outside the sync" };
var prepare = new Option<bool>("--prepare") { Description = "Before the application stops writing: compare the keys the sync " +
    "changed so far, while writes go on, and keep the result, so the cutover run after the stop compares only what changed since" };
var cutover = new Command("cutover",
    "Cut a syncing migration over, from another process while its sync runs: wait for the lag to reach zero " +
    "once writes stop, compare the keys the sync changed (zero differences), move sequences and validate " +
    "foreign keys, drop the replication slot, and report the timeline (the downtime window).\n" +
    "Exit codes: 0 the target is ready (with --prepare: the pre-check is kept); 1 compare found differences; 2 bad spec or arguments; " +
    "3 failed at run time (the sync did not catch up, writes went on)")
    { spec, requiredId, timeout, readOnly, fullCompare, prepare };
cutover.SetAction((parse, ct) => CliRuntime.RunAsync(r => SyncCommands.CutoverAsync(r, parse.GetValue(spec)!, parse.GetValue(requiredId)!,
    new CutoverRequest(parse.GetValue(readOnly), parse.GetValue(timeout), parse.GetValue(fullCompare), parse.GetValue(prepare)), ct)));

var tablesPattern = new Option<string?>("--tables") { Description = "Compare only the tables whose source or target " +
    "schema.table matches this glob (* and ?)" };
var repair = new Option<bool>("--repair") { Description = "Repair the confirmed differences in the target (upsert from the source, " +
    "delete extra rows; never writes to the source), then compare again" };
var compareOut = new Option<string?>("--out") { Description = "Directory for compare.json and compare.md (default: print the Markdown)" };
var compare = new Command("compare",
    "Compare a migrated source and target as they are now, range digests then row by row by key; differing rows are read again after " +
    "compare.settleSeconds, and only those still different count.\nExit codes: 0 no differences; 1 rows differ; 2 bad spec or " +
    "arguments; 3 failed at run time")
    { spec, requiredId, tablesPattern, repair, compareOut };
compare.SetAction((parse, ct) => CliRuntime.RunAsync(r => LiveCommands.CompareAsync(r, parse.GetValue(spec)!, parse.GetValue(requiredId)!,
    parse.GetValue(tablesPattern), parse.GetValue(repair), parse.GetValue(compareOut), ct)));

var queries = new Option<string>("--queries") { Description = "The key queries (JSON): { \"queries\": [ { \"name\", \"legacy\", " +
    "\"modern\", \"ordered\", \"parameters\" } ] }; see docs/compare.md", Required = true };
var runs = new Option<int?>("--runs") { Description = "Measured runs per query and side (default: shadow.runs in the spec, 20)" };
var shadowOut = new Option<string?>("--out") { Description = "Directory for shadow.json, shadow.md and shadow.html " +
    "(default: print the Markdown)" };
var shadow = new Command("shadow",
    "Run the application's key queries on the legacy and the modern database: results compared in the target's types, " +
    "latency p50/p95/p99 per side, and the share of queries identical and within shadow.latencyBudget.\n" +
    "Exit codes: 0 every query identical and within budget; 1 not; 2 bad spec, queries file or arguments; 3 failed at run time")
    { spec, queries, runs, shadowOut };
shadow.SetAction((parse, ct) => CliRuntime.RunAsync(r => LiveCommands.ShadowAsync(r, parse.GetValue(spec)!,
    parse.GetValue(queries)!, parse.GetValue(runs), parse.GetValue(shadowOut), ct)));

var root = new RootCommand("migrator: move a legacy database into PostgreSQL through staged, checksummed chunks, resumably.\n" +
    "Connections are named in the spec and configured in the environment: ConnectionStrings__<Name>=...")
    { migrate, plan, validate, report, assess, compare, shadow, sync, status, cutover };

using var trace = TraceListener.StartIfRequested();
using var otlp = OtlpTelemetry.StartIfConfigured();
var parsed = root.Parse(args);
StartupProfile.Start(parsed.Errors.Count == 0 ? parsed.CommandResult.Command.Name : null);
if (parsed.Errors.Count > 0)
{
    foreach (var error in parsed.Errors) Console.Error.WriteLine($"migrator: {error.Message}");
    Console.Error.WriteLine("migrator: see 'migrator --help'");
    return 2;
}
return await parsed.InvokeAsync();
