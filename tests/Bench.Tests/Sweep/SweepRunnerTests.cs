using MmaGan.Bench.Sweep;
using MmaGan.TestSupport;
using Xunit;

namespace MmaGan.Bench.Tests.Sweep;

public class SweepRunnerTests
{
    sealed class FakeBackend : IRunBackend
    {
        public readonly List<string> Executed = [];
        public int Prepared;
        public Func<RunSpec, string>? Status;

        public void Prepare(IReadOnlyList<RunSpec> runs, CancellationToken cancel) => Prepared++;

        public RunResult Execute(RunSpec run, string runDir, CancellationToken cancel)
        {
            lock (Executed) Executed.Add(run.RunId);
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
