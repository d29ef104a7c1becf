namespace MmaGan.Eval.Metrics;

/// <summary>
/// The Mersenne Twister MT19937 (Matsumoto &amp; Nishimura 1998) seeded like numpy's legacy
/// np.random.RandomState(seed) (init_genrand), plus numpy's legacy bounded integers and shuffle, so that
/// <see cref="Permutation(int, uint)"/> reproduces np.random.RandomState(seed).permutation(n) bit for bit (and
/// <see cref="Choice"/> its choice(n, m, replace=False), <see cref="NextDouble"/> its random_sample()).
/// </summary>
public sealed class Mt19937
{
    const int N = 624, M = 397;
    const uint MatrixA = 0x9908b0df, UpperMask = 0x80000000, LowerMask = 0x7fffffff;
    readonly uint[] _mt = new uint[N];
    int _index;

    public Mt19937(uint seed)
    {
        _mt[0] = seed;
        for (var i = 1; i < N; i++)
            _mt[i] = unchecked(1812433253u * (_mt[i - 1] ^ (_mt[i - 1] >> 30)) + (uint)i);
        _index = N;
    }

    public uint NextUInt32()
    {
        if (_index >= N)
        {
            for (var k = 0; k < N; k++)
            {
                var y = (_mt[k] & UpperMask) | (_mt[(k + 1) % N] & LowerMask);
                _mt[k] = _mt[(k + M) % N] ^ (y >> 1) ^ ((y & 1) != 0 ? MatrixA : 0u);
            }
            _index = 0;
        }
        var x = _mt[_index++];
        x ^= x >> 11;
        x ^= (x << 7) & 0x9d2c5680;
        x ^= (x << 15) & 0xefc60000;
        x ^= x >> 18;
        return x;
    }

    /// <summary>numpy's legacy 64-bit draw: (hi 32 bits &lt;&lt; 32) | lo 32 bits.</summary>
    public ulong NextUInt64()
    {
        ulong hi = NextUInt32();
        return (hi << 32) | NextUInt32();
    }

    /// <summary>
    /// numpy's legacy random_interval: uniform in [0, max] by masked rejection (smallest all-ones mask ≥ max;
    /// 32-bit draws when max ≤ 0xffffffff, 64-bit otherwise).
    /// </summary>
    public ulong Interval(ulong max)
    {
        if (max == 0) return 0;
        var mask = max;
        mask |= mask >> 1; mask |= mask >> 2; mask |= mask >> 4;
        mask |= mask >> 8; mask |= mask >> 16; mask |= mask >> 32;
        ulong value;
        if (max <= 0xffffffffUL)
            while ((value = NextUInt32() & mask) > max) { }
        else
            while ((value = NextUInt64() & mask) > max) { }
        return value;
    }

    /// <summary>np.random.RandomState(seed).permutation(n): arange(n) shuffled by the legacy Fisher–Yates (i from n−1 down to 1, j = Interval(i)).</summary>
    public static int[] Permutation(int n, uint seed) => new Mt19937(seed).Permutation(n);

    /// <summary>This generator's next <c>permutation(n)</c> (numpy legacy: arange(n), then <see cref="Shuffle"/>).</summary>
    public int[] Permutation(int n)
    {
        var x = Enumerable.Range(0, n).ToArray();
        Shuffle(x);
        return x;
    }

    /// <summary>numpy's legacy <c>shuffle</c> of the first axis: for i from n−1 down to 1, swap x[i] with x[Interval(i)].</summary>
    public void Shuffle(Span<int> x)
    {
        for (var i = x.Length - 1; i >= 1; i--)
        {
            var j = (int)Interval((ulong)i);
            (x[i], x[j]) = (x[j], x[i]);
        }
    }

    /// <summary>numpy's legacy <c>choice(n, m, replace=False)</c> (no p): <c>permutation(n)[:m]</c>.</summary>
    public int[] Choice(int n, int m)
    {
        if (m < 0 || m > n) throw new ArgumentException($"cannot take a sample of {m} from {n} without replacement");
        return Permutation(n)[..m];
    }

    /// <summary>numpy's legacy <c>random_sample()</c>: (a·2²⁶ + b)/2⁵³ with a = next32 &gt;&gt; 5, b = next32 &gt;&gt; 6.</summary>
    public double NextDouble()
    {
        var a = NextUInt32() >> 5;
        var b = NextUInt32() >> 6;
        return (a * 67108864.0 + b) / 9007199254740992.0;
    }
}
