using System.ComponentModel.DataAnnotations;

namespace MovieDiscovery.Api.Infrastructure.RateLimiting;

/// <summary>
/// The <c>RateLimiting</c> configuration section. Every window is shared by all instances through Redis
/// when <c>Redis:Configuration</c> is set, and kept per instance otherwise.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimiting";

    /// <summary>Requests a client may make per window on any route: per user with a token, per client address without.</summary>
    [Range(1, 100_000_000)]
    public int PermitLimit { get; set; } = 600;

    [Range(1, 3600)]
    public int WindowSeconds { get; set; } = 60;

    /// <summary>Token requests a client address may make per window, on top of <see cref="PermitLimit"/>.</summary>
    [Range(1, 100_000_000)]
    public int TokenPermitLimit { get; set; } = 10;

    [Range(1, 3600)]
    public int TokenWindowSeconds { get; set; } = 60;

    /// <summary>Login attempts an account gets, from any addresses, before each further one must wait.</summary>
    [Range(1, 1_000_000)]
    public int LoginFreeFailures { get; set; } = 5;

    /// <summary>The first wait past <see cref="LoginFreeFailures"/>; it doubles with every further failure.</summary>
    [Range(1, 3600)]
    public int LoginBaseDelaySeconds { get; set; } = 1;

    /// <summary>The longest wait between two attempts on one account.</summary>
    [Range(1, 86_400)]
    public int LoginMaxDelaySeconds { get; set; } = 900;

    /// <summary>An account's failures are forgotten after this long without an attempt (or at its next successful login).</summary>
    [Range(1, 7 * 86_400)]
    public int LoginWindowSeconds { get; set; } = 3600;
}
