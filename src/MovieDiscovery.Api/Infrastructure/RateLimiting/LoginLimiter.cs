using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using MovieDiscovery.Api.Infrastructure.Auth;
using MovieDiscovery.Api.Infrastructure.Forwarding;
using MovieDiscovery.Api.Infrastructure.Redis;
using StackExchange.Redis;

namespace MovieDiscovery.Api.Infrastructure.RateLimiting;

/// <summary>One login attempt: the account's key (a keyed hash of its email, never the email) and the client's address.</summary>
public sealed record LoginAttempt(string AccountKey, string ClientAddress);

/// <summary>
/// Growing delays per account, against password guessing spread over many addresses (which the per-address
/// token limit cannot see). Each attempt counts as a failure until the password proves right, so parallel
/// guesses cannot slip in together; past <c>LoginFreeFailures</c>, an account's next attempt must wait
/// <c>LoginBaseDelaySeconds × 2^(failures − LoginFreeFailures)</c>, at most <c>LoginMaxDelaySeconds</c>.
/// An unknown email is counted exactly like an account, so the answers reveal nothing. Counted in Redis
/// (with Redis's clock) when configured, so every instance shares an account's count; in this process
/// otherwise, or while Redis does not answer.
/// </summary>
public sealed partial class LoginLimiter : IDisposable
{
    /// <summary>Accounts tracked in this process at most; past it, new ones go uncounted until old ones expire.</summary>
    public const int LocalAccountLimit = 100_000;

    private static readonly LuaScript s_begin = LuaScript.Prepare("""
        local clock = redis.call('TIME')
        local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
        local state = redis.call('HMGET', @key, 'failures', 'last')
        local failures = tonumber(state[1]) or 0
        local last = tonumber(state[2]) or 0
        local free = tonumber(@free)
        if failures >= free then
            local wait = math.min(tonumber(@max_ms), tonumber(@base_ms) * 2 ^ math.min(failures - free, 30))
            if now < last + wait then
                return last + wait - now
            end
        end
        redis.call('HSET', @key, 'failures', failures + 1, 'last', now)
        redis.call('PEXPIRE', @key, @window_ms)
        return 0
        """);

    private readonly RateLimitOptions _options;
    private readonly RedisConnection _redis;
    private readonly TimeProvider _clock;
    private readonly ILogger<LoginLimiter> _logger;
    private readonly byte[] _accountKeySecret;
    private readonly MemoryCache _local = new(new MemoryCacheOptions { SizeLimit = LocalAccountLimit });

    public LoginLimiter(IOptions<RateLimitOptions> options, IOptions<JwtOptions> jwt, RedisConnection redis, TimeProvider clock, ILogger<LoginLimiter> logger)
    {
        _options = options.Value;
        _redis = redis;
        _clock = clock;
        _logger = logger;
        // Derived from the signing key, which every instance shares: the same email gets the same key everywhere.
        _accountKeySecret = HKDF.DeriveKey(HashAlgorithmName.SHA256, jwt.Value.SigningKeyBytes, 32, info: "login account key"u8.ToArray());
    }

    /// <summary>The attempt on an account's email, keyed by its normal form (<see cref="AccountEmail"/>), which every spelling of one account shares.</summary>
    public LoginAttempt Attempt(string email, HttpContext http) =>
        new(Convert.ToHexStringLower(HMACSHA256.HashData(_accountKeySecret, Encoding.UTF8.GetBytes(AccountEmail.Fold(email))))[..32], ClientAddress.Of(http));

    /// <summary>Counts the attempt and returns null, or returns how long the account must wait first.</summary>
    public async ValueTask<TimeSpan?> BeginAsync(LoginAttempt attempt, CancellationToken cancellationToken)
    {
        var (answered, wait) = await SharedBeginAsync(attempt);
        if (!answered)
        {
            wait = LocalBegin(attempt);
        }

        if (wait is { } delay)
        {
            LogThrottled(_logger, attempt.AccountKey, attempt.ClientAddress, delay);
        }

        return wait;
    }

    /// <summary>A structured event per failed login: hashed account, client address, reason; never the password.</summary>
    public void Failed(LoginAttempt attempt, string reason) => LogFailed(_logger, attempt.AccountKey, attempt.ClientAddress, reason);

    /// <summary>The password was right: the account's failures are forgotten.</summary>
    public async ValueTask SucceededAsync(LoginAttempt attempt)
    {
        _local.Remove(attempt.AccountKey);
        if (_redis.Multiplexer is { } redis && _redis.IsUsable())
        {
            try
            {
                await redis.GetDatabase().KeyDeleteAsync(RedisKeyOf(attempt));
                _redis.Succeeded();
            }
            catch (Exception exception) when (RedisConnection.IsUnavailable(exception))
            {
                _redis.Failed(exception);
            }
        }
    }

    public void Dispose() => _local.Dispose();

    /// <summary>The wait before an account's next attempt, after <paramref name="failures"/> counted ones.</summary>
    private TimeSpan DelayAfter(int failures) => failures < _options.LoginFreeFailures
        ? TimeSpan.Zero
        : TimeSpan.FromSeconds(Math.Min(_options.LoginMaxDelaySeconds,
            _options.LoginBaseDelaySeconds * Math.Pow(2, Math.Min(failures - _options.LoginFreeFailures, 30))));

    private static RedisKey RedisKeyOf(LoginAttempt attempt) => "login:" + attempt.AccountKey;

    /// <summary>Not answered when Redis is not configured or does not answer: the local count decides then.</summary>
    private async ValueTask<(bool Answered, TimeSpan? Wait)> SharedBeginAsync(LoginAttempt attempt)
    {
        if (_redis.Multiplexer is not { } redis || !_redis.IsUsable())
        {
            return (false, null);
        }

        try
        {
            var waitMilliseconds = (long)await redis.GetDatabase().ScriptEvaluateAsync(s_begin, new
            {
                key = RedisKeyOf(attempt),
                free = _options.LoginFreeFailures,
                base_ms = _options.LoginBaseDelaySeconds * 1000L,
                max_ms = _options.LoginMaxDelaySeconds * 1000L,
                window_ms = _options.LoginWindowSeconds * 1000L,
            });
            _redis.Succeeded();
            return (true, waitMilliseconds > 0 ? TimeSpan.FromMilliseconds(waitMilliseconds) : null);
        }
        catch (Exception exception) when (RedisConnection.IsUnavailable(exception))
        {
            _redis.Failed(exception);
            return (false, null);
        }
    }

    private TimeSpan? LocalBegin(LoginAttempt attempt)
    {
        var account = _local.GetOrCreate(attempt.AccountKey, entry =>
        {
            entry.Size = 1;
            entry.SlidingExpiration = TimeSpan.FromSeconds(_options.LoginWindowSeconds);
            return new AccountFailures();
        })!;
        lock (account)
        {
            var now = _clock.GetUtcNow();
            var readyAt = account.LastAttempt + DelayAfter(account.Failures);
            if (account.Failures >= _options.LoginFreeFailures && now < readyAt)
            {
                return readyAt - now;
            }

            account.Failures++;
            account.LastAttempt = now;
            return null;
        }
    }

    private sealed class AccountFailures
    {
        public int Failures { get; set; }

        public DateTimeOffset LastAttempt { get; set; }
    }

    [LoggerMessage(EventName = "LoginFailed", Level = LogLevel.Warning,
        Message = "Failed login for account {AccountKey} from {ClientAddress}: {Reason}")]
    private static partial void LogFailed(ILogger logger, string accountKey, string clientAddress, string reason);

    [LoggerMessage(EventName = "LoginThrottled", Level = LogLevel.Information,
        Message = "Login refused for account {AccountKey} from {ClientAddress}: too many failures, retry in {RetryAfter}")]
    private static partial void LogThrottled(ILogger logger, string accountKey, string clientAddress, TimeSpan retryAfter);
}
