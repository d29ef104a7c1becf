using System.Collections.Concurrent;
using System.Globalization;
using Spectre.Console;

namespace MmaGan.Bench.Sweep;

/// <summary>
/// Runs the runs of a sweep (or of one shard) into OUT/runs/RUN_ID, <see cref="Jobs"/> at a time. A run whose folder holds a
/// result.json with status "ok" or "diverged" is finished and skipped; "failed" runs are retried; an interrupted run continues
/// from its newest checkpoint when the backend can (<see cref="ProcessBackend"/>). Returns every finished
/// result found under OUT/runs that belongs to <paramref name="plan"/> (so a resumed sweep reports all of its runs).
/// Without a terminal (a Slurm job, nohup, a pipe) it writes a heartbeat line every <see cref="Heartbeat"/> between the
/// lines of finished runs: each running run's logged step (<see cref="RunProgress"/>) of <c>stepsPerRun</c> and the ETA.
/// </summary>
public sealed class SweepRunner(IRunBackend backend, string outDir, int jobs = 2, long? stepsPerRun = null, TimeSpan? heartbeat = null,
    bool? terminal = null)
{
    /// <summary>Whether progress goes to a live terminal (a progress bar) or to lines with heartbeats; unless given, whether
    /// the console is interactive and its output not redirected.</summary>
    public bool Terminal { get; } = terminal ?? (AnsiConsole.Profile.Capabilities.Interactive && !Console.IsOutputRedirected);

    public int Jobs { get; } = Math.Max(1, jobs);

    /// <summary>How often a sweep without a terminal says how its running runs stand (5 min unless given).</summary>
    public TimeSpan Heartbeat { get; } = heartbeat ?? TimeSpan.FromMinutes(5);

    /// <summary>"… 19:40 · 1/3 runs done · RUN_A step 1,240/5,000 · RUN_B step 80/5,000 · ≈ 40 min left": the running
    /// runs in the order they started, a run without a logged step yet as "starting".</summary>
    public static string HeartbeatLine(DateTime now, int done, int todo, IReadOnlyList<(string RunId, long? Step)> running,
        long? stepsPerRun, TimeSpan elapsed)
    {
        static string N(long v) => v.ToString("N0", CultureInfo.InvariantCulture);
        var parts = new List<string> { $"… {now:HH:mm}", $"{done}/{todo} runs done" };
        parts.AddRange(running.Select(r => r.Step is { } s
            ? $"{r.RunId} step {N(s)}{(stepsPerRun is { } total ? "/" + N(total) : "")}"
            : $"{r.RunId} starting"));
        var perRun = stepsPerRun ?? 0;
        var progress = done + (perRun > 0 ? running.Sum(r => Math.Min(1.0, (double)(r.Step ?? 0) / perRun)) : 0);
        if (progress > 0) parts.Add(SweepEta.Text(SweepEta.Remaining(progress, todo, elapsed)));
        return string.Join(" · ", parts);
    }

    /// <summary>Hands runs out one at a time in plan order (Parallel.ForEach would otherwise give each worker a contiguous range).</summary>
    static OrderablePartitioner<RunSpec> InOrder(List<RunSpec> runs) => Partitioner.Create(runs, EnumerablePartitionerOptions.NoBuffering);

    public static string RunDir(string outDir, RunSpec run) => Path.Combine(outDir, "runs", run.RunId);

    public static bool IsFinished(RunResult? r) => r is { Status: "ok" or "diverged" };

    /// <summary>The finished results under OUT/runs of the runs of <paramref name="plan"/>, in plan order.</summary>
    public static IReadOnlyList<RunResult> Finished(string outDir, IEnumerable<RunSpec> plan) =>
        plan.Select(r => RunResult.TryLoad(RunDir(outDir, r))).Where(IsFinished).Select(r => r!).ToList();

    public IReadOnlyList<RunResult> Run(IReadOnlyList<RunSpec> plan, CancellationToken cancel, Action<string>? log = null)
    {
        var write = log ?? (Console.IsOutputRedirected ? Console.WriteLine : s => AnsiConsole.WriteLine(s));
        var gate = new object();
        log = s => { lock (gate) write(s); };   // the heartbeat writes from a timer thread
        var todo = plan.Where(r => !IsFinished(RunResult.TryLoad(RunDir(outDir, r)))).ToList();
        log($"{plan.Count} runs, {plan.Count - todo.Count} already finished, {todo.Count} to run ({Jobs} at a time) → {Path.GetFullPath(outDir)}");
        if (todo.Count > 0)
        {
            backend.Prepare(plan, cancel);
            var done = 0;
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var errors = new ConcurrentQueue<Exception>();
            var running = new ConcurrentDictionary<RunSpec, long>();   // run → the order it started in
            long started = 0;
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            void One(RunSpec run, Action after)
            {
                if (linked.IsCancellationRequested) return;
                running[run] = Interlocked.Increment(ref started);
                try
                {
                    var dir = RunDir(outDir, run);
                    var result = backend.Execute(run, dir, linked.Token);
                    Directory.CreateDirectory(dir);
                    result.Save(dir);
                    var n = Interlocked.Increment(ref done);
                    var metrics = string.Join(" ", result.Metrics.Where(kv => !Reports.MetricInfo.IsBookkeeping(kv.Key))
                        .Select(kv => $"{kv.Key}={kv.Value.ToString("G4", CultureInfo.InvariantCulture)}"));
                    var resumed = result.ResumedFrom is { } from ? $" (resumed from step {from})" : "";
                    var eta = n < todo.Count ? " | " + SweepEta.Text(SweepEta.Remaining(n, todo.Count, clock.Elapsed)) : "";
                    log($"[{n}/{todo.Count}] {run.RunId}: {result.Status}{resumed} train {result.TrainSeconds:F1}s eval {result.EvalSeconds:F1}s {metrics}{(result.Error is { } e ? " — " + e : "")}{eta}");
                }
                catch (OperationCanceledException) { linked.Cancel(); }
                catch (Exception e) { errors.Enqueue(e); linked.Cancel(); }
                finally { running.TryRemove(run, out _); after(); }
            }
            void Beat()
            {
                var now = running.OrderBy(kv => kv.Value).Select(kv => (kv.Key.RunId, RunProgress.LastStep(RunDir(outDir, kv.Key)))).ToList();
                if (now.Count > 0) log(HeartbeatLine(DateTime.Now, Volatile.Read(ref done), todo.Count, now, stepsPerRun, clock.Elapsed));
            }
            var options = new ParallelOptions { MaxDegreeOfParallelism = Jobs };
            if (Terminal)
                AnsiConsole.Progress().AutoClear(false).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(),
                        new ElapsedTimeColumn(), new RemainingTimeColumn())
                    .Start(ctx =>
                    {
                        var task = ctx.AddTask("runs", maxValue: todo.Count);
                        Parallel.ForEach(InOrder(todo), options, run => One(run, () => task.Increment(1)));
                    });
            else
            {
                using var beat = new Timer(_ => Beat(), null, Heartbeat, Heartbeat);
                Parallel.ForEach(InOrder(todo), options, run => One(run, () => { }));
            }
            if (errors.TryPeek(out var error)) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error); // the first failure, e.g. a trainer rejecting the settings
            cancel.ThrowIfCancellationRequested();
        }
        return Finished(outDir, plan);
    }
}
