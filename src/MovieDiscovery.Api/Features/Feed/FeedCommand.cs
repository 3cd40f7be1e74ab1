using Microsoft.EntityFrameworkCore;
using MovieDiscovery.Api.Data;
using Spectre.Console;

namespace MovieDiscovery.Api.Features.Feed;

/// <summary>
/// The feed's command line: <c>--import FILE [--dry-run] [--strict]</c> and <c>--export FILE</c>, run by the API's
/// own binary with its settings (<c>Database__*</c>) instead of the web server (<c>make import</c>, <c>make export</c>).
/// </summary>
public sealed record FeedCommand(string Verb, string File, bool DryRun, bool Strict)
{
    public const string Import = "--import";
    public const string Export = "--export";
    public const string DryRunFlag = "--dry-run";
    public const string StrictFlag = "--strict";

    /// <summary>The feed command in <paramref name="args"/>, or null when they ask for none.</summary>
    public static FeedCommand? Parse(IReadOnlyList<string> args)
    {
        for (var i = 0; i < args.Count - 1; i++)
        {
            if (args[i] is Import or Export)
            {
                return new FeedCommand(args[i], args[i + 1], args.Contains(DryRunFlag), args.Contains(StrictFlag));
            }
        }

        return null;
    }

    /// <summary>The arguments left for the host once the feed's are taken out.</summary>
    public static string[] HostArguments(IReadOnlyList<string> args)
    {
        var rest = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] is Import or Export)
            {
                i++;
            }
            else if (args[i] is not (DryRunFlag or StrictFlag))
            {
                rest.Add(args[i]);
            }
        }

        return [.. rest];
    }

    /// <summary>Runs the command against the migrated database; the exit code is 0, or 1 when a line was rejected or the run failed.</summary>
    public async Task<int> RunAsync(IServiceProvider services, TextWriter output, CancellationToken cancellationToken = default)
    {
        await services.InitializeDatabaseAsync(migrate: true, cancellationToken);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(5));
        var progress = FeedProgress.For(output);
        if (Verb == Export)
        {
            await using var file = System.IO.File.Create(File);
            var written = await progress.RunAsync("Exporting", null, report => FeedExport.WriteAsync(db, file, report, cancellationToken));
            await output.WriteLineAsync($"exported {written} movies to {File}");
            return 0;
        }

        var summary = new FeedSummary();
        var total = new FileInfo(File).Length;
        if (Strict && !await AllGoodAsync(output, cancellationToken))
        {
            await output.WriteLineAsync("--strict: nothing applied");
            return 1;
        }

        var import = new FeedImport(db, DryRun);
        await progress.RunAsync(DryRun ? "Checking (dry run)" : "Importing", total, async report =>
        {
            using var reader = new StreamReader(File);
            var batch = new List<FeedLine>(FeedImport.BatchSize);
            await foreach (var line in FeedLines.ReadAsync(reader))
            {
                if (line.Problem is not null)
                {
                    summary.Rejected.Add((line.Number, line.Problem));
                    continue;
                }

                batch.Add(line);
                if (batch.Count == FeedImport.BatchSize)
                {
                    await import.ApplyAsync(batch, summary, cancellationToken);
                    batch.Clear();
                    report((int)Math.Min(int.MaxValue, reader.BaseStream.Position));
                }
            }

            await import.ApplyAsync(batch, summary, cancellationToken);
            report((int)Math.Min(int.MaxValue, total));
            return summary.Rows;
        });

        foreach (var (line, reason) in summary.Rejected)
        {
            await output.WriteLineAsync($"line {line}: {reason}");
        }

        await output.WriteLineAsync($"{(DryRun ? "dry run, nothing applied: " : "")}inserted {summary.Inserted}, updated {summary.Updated}, " +
            $"unchanged {summary.Unchanged}, rejected {summary.Rejected.Count}");
        return summary.Rejected.Count == 0 ? 0 : 1;
    }

    /// <summary>The first pass of --strict: every line checked, the bad ones reported.</summary>
    private async Task<bool> AllGoodAsync(TextWriter output, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(File);
        var good = true;
        await foreach (var line in FeedLines.ReadAsync(reader).WithCancellation(cancellationToken))
        {
            if (line.Problem is not null)
            {
                good = false;
                await output.WriteLineAsync($"line {line.Number}: {line.Problem}");
            }
        }

        return good;
    }
}

/// <summary>A progress bar with rows/s and time left on a terminal (Spectre.Console); a plain line every few seconds otherwise.</summary>
internal abstract class FeedProgress
{
    public static FeedProgress For(TextWriter output) =>
        output == Console.Out && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive ? new Bar() : new Lines(output);

    /// <summary>Runs <paramref name="work"/>, which reports how far it got (bytes of the file, or rows when there is no total).</summary>
    public abstract Task<int> RunAsync(string title, long? total, Func<Action<int>, Task<int>> work);

    private sealed class Bar : FeedProgress
    {
        public override Task<int> RunAsync(string title, long? total, Func<Action<int>, Task<int>> work) =>
            AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new TransferSpeedColumn(),
                    new RemainingTimeColumn(), new SpinnerColumn())
                .StartAsync(async context =>
                {
                    var task = context.AddTask(title, maxValue: total ?? 1);
                    var result = await work(done =>
                    {
                        if (total is null)
                        {
                            task.Description = $"{title}: {done} rows";
                        }
                        else
                        {
                            task.Value = done;
                        }
                    });
                    task.Value = task.MaxValue;
                    return result;
                });
    }

    private sealed class Lines(TextWriter output) : FeedProgress
    {
        private static readonly TimeSpan s_every = TimeSpan.FromSeconds(5);

        public override async Task<int> RunAsync(string title, long? total, Func<Action<int>, Task<int>> work)
        {
            var started = DateTime.UtcNow;
            var last = started;
            var result = await work(done =>
            {
                var now = DateTime.UtcNow;
                if (now - last >= s_every)
                {
                    last = now;
                    output.WriteLine(total is { } all
                        ? $"{title}: {100.0 * done / Math.Max(1, all):F1}% after {(now - started).TotalSeconds:F0} s"
                        : $"{title}: {done} rows after {(now - started).TotalSeconds:F0} s");
                }
            });
            await output.WriteLineAsync($"{title}: done in {(DateTime.UtcNow - started).TotalSeconds:F1} s");
            return result;
        }
    }
}
