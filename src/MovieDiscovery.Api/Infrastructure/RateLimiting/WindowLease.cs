using System.Threading.RateLimiting;

namespace MovieDiscovery.Api.Infrastructure.RateLimiting;

/// <summary>
/// The answer of a <see cref="WindowRateLimiter"/>, whichever store counted it: granted or not, the
/// permits left in the window, when the window renews and, when refused, how long to wait.
/// </summary>
public sealed class WindowLease : RateLimitLease
{
    public static readonly MetadataName<long> Remaining = MetadataName.Create<long>("WINDOW_REMAINING");
    public static readonly MetadataName<TimeSpan> ResetAfter = MetadataName.Create<TimeSpan>("WINDOW_RESET_AFTER");

    /// <summary>
    /// Not an answer: a shared window can only be asked asynchronously, so the synchronous attempt defers
    /// to <c>AcquireAsync</c> (which the rate-limiting middleware calls next).
    /// </summary>
    public static readonly WindowLease Deferred = new(false, null, null, null);

    private readonly long? _remaining;
    private readonly TimeSpan? _resetAfter;
    private readonly TimeSpan? _retryAfter;

    public WindowLease(bool isAcquired, long? remaining, TimeSpan? resetAfter, TimeSpan? retryAfter)
    {
        IsAcquired = isAcquired;
        _remaining = remaining;
        _resetAfter = resetAfter;
        _retryAfter = retryAfter;
    }

    public override bool IsAcquired { get; }

    public override IEnumerable<string> MetadataNames
    {
        get
        {
            if (_remaining is not null)
            {
                yield return Remaining.Name;
            }

            if (_resetAfter is not null)
            {
                yield return ResetAfter.Name;
            }

            if (_retryAfter is not null)
            {
                yield return MetadataName.RetryAfter.Name;
            }
        }
    }

    public override bool TryGetMetadata(string metadataName, out object? metadata)
    {
        metadata = null;
        if (metadataName == Remaining.Name)
        {
            metadata = _remaining;
        }
        else if (metadataName == ResetAfter.Name)
        {
            metadata = _resetAfter;
        }
        else if (metadataName == MetadataName.RetryAfter.Name)
        {
            metadata = _retryAfter;
        }

        return metadata is not null;
    }
}
