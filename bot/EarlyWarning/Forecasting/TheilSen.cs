namespace SupportBot.EarlyWarning.Forecasting;

/// <summary>A straight line through points, fitted robustly, and how far the points scatter around it.</summary>
/// <param name="Slope">Units per second.</param>
/// <param name="Level">The line's value at the reference time (the evaluation's "now").</param>
/// <param name="Scatter">Robust standard deviation of the residuals (1.4826 × their median absolute deviation).</param>
/// <param name="SlopeError">Standard error of the slope from the scatter (as for least squares).</param>
public readonly record struct LineFit(double Slope, double Level, double Scatter, double SlopeError)
{
    /// <summary>How many standard errors the slope is away from flat; sign follows the slope.</summary>
    public double TrendScore => Slope / SlopeError;
}

/// <summary>
/// Theil–Sen estimator: the slope is the median of the slopes between every pair of points, the level the median of
/// what remains. Up to ~29% of the points can be arbitrarily wrong (a spike, a bad scrape) without moving the line,
/// unlike least squares, where one spike tilts it.
/// </summary>
public static class TheilSen
{
    public static LineFit Fit(ReadOnlySpan<Point> points, double reference)
    {
        var n = points.Length;
        if (n < 2) throw new ArgumentException("A line needs two points.", nameof(points));
        var slopes = new double[n * (n - 1) / 2];
        var k = 0;
        for (var i = 0; i < n; i++)
            for (var j = i + 1; j < n; j++)
            {
                var dt = points[j].T - points[i].T;
                if (dt > 0) slopes[k++] = (points[j].V - points[i].V) / dt;
            }
        var slope = k == 0 ? 0 : Median(slopes.AsSpan(0, k));

        var offsets = new double[n];
        var meanT = 0.0;
        for (var i = 0; i < n; i++)
        {
            offsets[i] = points[i].V - slope * (points[i].T - reference);
            meanT += points[i].T;
        }
        meanT /= n;
        var level = Median(offsets.ToArray()); // a copy: Median sorts, and the time order matters below

        var residuals = new double[n];
        var spread = 0.0;
        for (var i = 0; i < n; i++)
        {
            residuals[i] = Math.Abs(offsets[i] - level);
            spread += (points[i].T - meanT) * (points[i].T - meanT);
        }
        var lag1 = Lag1Correlation(offsets, level);
        var scatter = 1.4826 * Median(residuals.AsSpan());
        // A perfectly smooth series (scatter 0) still gets a finite error: a millionth of its size.
        var floor = 1e-6 * Math.Max(Math.Abs(level), 1e-9);
        // Noise that wanders (each point close to the one before) fakes trends that independent noise would not:
        // fewer effectively independent points, a larger error (the AR(1) correction of the effective sample size).
        var inflation = Math.Sqrt((1 + lag1) / (1 - lag1));
        var slopeError = inflation * Math.Max(scatter, floor) / Math.Sqrt(Math.Max(spread, 1e-9));
        return new LineFit(slope, level, scatter, slopeError);
    }

    /// <summary>Lag-1 autocorrelation of the residuals (in time order), clamped to [0, 0.95].</summary>
    private static double Lag1Correlation(double[] offsets, double level)
    {
        double products = 0, squares = 0;
        for (var i = 0; i < offsets.Length; i++)
        {
            var r = offsets[i] - level;
            squares += r * r;
            if (i > 0) products += r * (offsets[i - 1] - level);
        }
        return squares <= 0 ? 0 : Math.Clamp(products / squares, 0, 0.95);
    }

    /// <summary>The median; sorts <paramref name="values"/> in place.</summary>
    public static double Median(Span<double> values)
    {
        values.Sort();
        var mid = values.Length / 2;
        return values.Length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }
}
