using MmaGan.Bench.Sweep;
using MmaGan.TestSupport;
using MmaGan.Shared.Runs;
using Xunit;

namespace MmaGan.Bench.Tests.Sweep;

public class SweepRunnerTests
{
    sealed class FakeBackend : IRunBackend
    {
        public readonly List<string> Executed = [];
        public int Prepared;
        public Func<RunSpec, string>? Status;
        public TimeSpan Busy = TimeSpan.Zero;   // a run that logs one losses.csv row and then takes this long at most
        public Func<bool>? DoneWhen;            // … or until this holds

        public void Prepare(IReadOnlyList<RunSpec> runs, CancellationToken cancel) => Prepared++;

        public RunResult Execute(RunSpec run, string runDir, CancellationToken cancel)
        {
            lock (Executed) Executed.Add(run.RunId);
            if (Busy > TimeSpan.Zero)
            {
                Directory.CreateDirectory(runDir);
                File.WriteAllText(LossLogFile.PathOf(runDir), "step,epoch,d_loss\n1240,3,0.7\n");
                var clock = System.Diagnostics.Stopwatch.StartNew();
                while (clock.Elapsed < Busy && DoneWhen?.Invoke() != true) Thread.Sleep(20);
            }
            return RunResult.For(run, runDir) with
            {
                Status = Status?.Invoke(run) ?? "ok", TrainSeconds = 1, EvalSeconds = 0.5,
                Metrics = new(StringComparer.Ordinal) { ["reverse_kl"] = run.Seed * 0.1 },
            };
        }
    }

    static List<RunSpec> Plan() =>
    [
        new("ring8", "dcgan", null, null, null, 1), new("ring8", "dcgan", null, null, null, 2),
        new("ring8", "mma", 8, 0.5, 0.5, 1), new("ring8", "mma", 8, 0.5, 0.5, 2),
    ];

    [Fact]
    public void FinishedRuns_AreSkipped_FailedRunsRetried()
    {
        var dir = SharedFixtures.TempDir();
        var backend = new FakeBackend { Status = r => r.RunId == "ring8_mma_k8_l0.5_t0.5_s2" ? "failed" : "ok" };
        var first = new SweepRunner(backend, dir, jobs: 2).Run(Plan(), CancellationToken.None, _ => { });
        Assert.Equal(4, backend.Executed.Count);
        Assert.Equal(3, first.Count);
        Assert.True(File.Exists(Path.Combine(dir, "runs", "ring8_dcgan_s1", RunResult.FileName)));

        var again = new FakeBackend();
        var second = new SweepRunner(again, dir, jobs: 1).Run(Plan(), CancellationToken.None, _ => { });
        Assert.Equal(["ring8_mma_k8_l0.5_t0.5_s2"], again.Executed);
        Assert.Equal(4, second.Count);

        var third = new FakeBackend();
        new SweepRunner(third, dir).Run(Plan(), CancellationToken.None, _ => { });
        Assert.Empty(third.Executed);
        Assert.Equal(0, third.Prepared);
    }

    [Fact]
    public void EveryRunButTheLastSaysHowLongTheRestWillTake()
    {
        var lines = new List<string>();
        new SweepRunner(new FakeBackend(), SharedFixtures.TempDir(), jobs: 1).Run(Plan(), CancellationToken.None, l => { lock (lines) lines.Add(l); });
        var runs = lines.Where(l => l.StartsWith('[')).ToList();
        Assert.Equal(4, runs.Count);
        Assert.All(runs.Take(3), l => Assert.Matches(@" \| (< 1 min|≈ \d+ (h \d\d )?min) left$", l));
        Assert.DoesNotContain("left", runs[3]);
    }

    [Fact]
    public void WithoutATerminal_AHeartbeatSaysWhereTheRunningRunsAre()
    {
        var lines = new List<string>();
        // Busy until the first heartbeat (at most 10 s: the timer's thread may wait while the other tests load the machine).
        var backend = new FakeBackend { Busy = TimeSpan.FromSeconds(10), DoneWhen = () => { lock (lines) return lines.Any(l => l.StartsWith('…')); } };
        new SweepRunner(backend, SharedFixtures.TempDir(), jobs: 1, stepsPerRun: 5000, heartbeat: TimeSpan.FromMilliseconds(150), terminal: false)
            .Run(Plan().Take(1).ToList(), CancellationToken.None, l => { lock (lines) lines.Add(l); });
        var beats = lines.Where(l => l.StartsWith('…')).ToList();
        Assert.NotEmpty(beats);
        Assert.Matches(@"^… \d\d:\d\d · 0/1 runs done · ring8_dcgan_s1 step 1,240/5,000 · (< 1 min|≈ \d+ min) left$", beats[0]);
    }

    [Fact]
    public void HeartbeatLine_CountsTheRunningRunsStepsAsFractionsOfARun()
    {
        var now = new DateTime(2026, 12, 4, 19, 40, 0);
        // 1 run done plus 0.5 of another in 30 min: 1.5 of 3 runs → 30 min more.
        Assert.Equal("… 19:40 · 1/3 runs done · a step 2,500/5,000 · b starting · ≈ 30 min left",
            SweepRunner.HeartbeatLine(now, 1, 3, [("a", 2500), ("b", null)], 5000, TimeSpan.FromMinutes(30)));
        Assert.Equal("… 19:40 · 0/2 runs done · a step 40",
            SweepRunner.HeartbeatLine(now, 0, 2, [("a", 40)], null, TimeSpan.FromMinutes(3)));
    }

    [Fact]
    public void RunProgress_ReadsTheLastCompleteRow()
    {
        var dir = SharedFixtures.TempDir();
        Assert.Null(RunProgress.LastStep(dir));
        var path = LossLogFile.PathOf(dir);
        File.WriteAllText(path, "step,epoch,d_loss\n");
        Assert.Null(RunProgress.LastStep(dir));
        File.WriteAllText(path, "step,epoch,d_loss\n" + string.Concat(Enumerable.Range(1, 3000).Select(i => $"{i},0,0.5\n")) + "3001,0,0.");
        Assert.Equal(3000, RunProgress.LastStep(dir));   // the cut row is not counted; only the file's tail is read
    }

    [Fact]
    public void Runs_AreHandedOutInPlanOrder()
    {
        var plan = Enumerable.Range(1, 12).Select(s => new RunSpec("ring8", "dcgan", null, null, null, s)).ToList();
        var serial = new FakeBackend();
        new SweepRunner(serial, SharedFixtures.TempDir(), jobs: 1).Run(plan, CancellationToken.None, _ => { });
        Assert.Equal(plan.Select(r => r.RunId), serial.Executed);

        var parallel = new FakeBackend();
        new SweepRunner(parallel, SharedFixtures.TempDir(), jobs: 2).Run(plan, CancellationToken.None, _ => { });
        // Not two contiguous halves (Parallel.ForEach's default range partitioning): each run starts within a few places of its turn.
        Assert.All(parallel.Executed.Select((id, i) => Math.Abs(plan.FindIndex(r => r.RunId == id) - i)), d => Assert.True(d <= 2));
    }

    [Fact]
    public void DivergedRuns_CountAsFinished()
    {
        var dir = SharedFixtures.TempDir();
        new SweepRunner(new FakeBackend { Status = _ => "diverged" }, dir).Run(Plan(), CancellationToken.None, _ => { });
        var again = new FakeBackend();
        var results = new SweepRunner(again, dir).Run(Plan(), CancellationToken.None, _ => { });
        Assert.Empty(again.Executed);
        Assert.All(results, r => Assert.Equal("diverged", r.Status));
    }

    [Fact]
    public void ResultsCsv_RoundTrips()
    {
        var dir = SharedFixtures.TempDir();
        var results = new SweepRunner(new FakeBackend(), dir).Run(Plan(), CancellationToken.None, _ => { });
        var path = Path.Combine(dir, ResultsTable.FileName);
        ResultsTable.Write(path, results);
        var back = ResultsTable.Read(path);
        Assert.Equal(results.Select(r => r.RunId), back.Select(r => r.RunId));
        Assert.Equal(results.Select(r => r.Metrics["reverse_kl"]), back.Select(r => r.Metrics["reverse_kl"]));
        Assert.Equal(results.Select(r => (r.K, r.Lambda, r.Tau, r.Seed)), back.Select(r => (r.K, r.Lambda, r.Tau, r.Seed)));
    }

    [Fact]
    public void EvaluatorJson_LastLineIsParsed()
    {
        var outcome = new ProcessOutcome(0, 1, "progress…\n{\"n\":2500,\"modes_total\":8,\"modes_covered_hq\":8,\"modes_covered_1pct\":7,\"hq_fraction\":0.93,\"reverse_kl\":\"NaN\"}\n\n", "");
        var m = EvaluatorJson.Metrics(outcome.LastLine, [Shared.Metrics.MetricRegistry.Toy]);
        Assert.Equal(2500, m["n"]);
        Assert.Equal(0.93, m["hq_fraction"]);
        Assert.True(double.IsNaN(m["reverse_kl"]));
    }
}
