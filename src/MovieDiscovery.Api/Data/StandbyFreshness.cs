using System.Collections.Concurrent;
using System.Data;
using Npgsql;
using NpgsqlTypes;

namespace MovieDiscovery.Api.Data;

/// <summary>
/// Whether a standby may answer a catalogue read: only when it has replayed every catalogue change this
/// instance has been told of. The change listener reports each change (at once) and then the primary's WAL
/// position after it (one round trip later); a standby is used only while its replay position has reached
/// that one. Between the two, while the listener is disconnected (changes may be missed) and before it
/// first connects, no standby is used at all: the primary answers. So it does for a while after the
/// standbys could not be reached in time (<see cref="StandbysUnreachable"/>).
/// </summary>
public sealed class StandbyFreshness(TimeProvider clock)
{
    /// <summary>How long a standby found behind is not asked again: the primary answers meanwhile.</summary>
    public static readonly TimeSpan RecheckAfter = TimeSpan.FromMilliseconds(50);

    /// <summary>How long catalogue reads skip the standbys after none could be reached in time.</summary>
    public static readonly TimeSpan UnreachablePause = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<string, Replayed> _replayedByHost = new(StringComparer.Ordinal);
    private long _skipStandbysUntil;
    private long _changesNotified;
    private long _changesPlaced;
    private long _latestChangeLsn;
    private volatile bool _signalLive;

    /// <summary>The primary's WAL position at or after the latest catalogue change this instance knows of.</summary>
    public NpgsqlLogSequenceNumber LatestChangeLsn => new((ulong)Interlocked.Read(ref _latestChangeLsn));

    /// <summary>Catalogue changes notified so far; pass it to <see cref="Placed"/> with a WAL position read afterwards.</summary>
    public long ChangesNotified => Interlocked.Read(ref _changesNotified);

    /// <summary>Some notified change has no WAL position yet.</summary>
    public bool HasUnplacedChanges => Interlocked.Read(ref _changesPlaced) != Interlocked.Read(ref _changesNotified);

    /// <summary>A standby may be asked: the change signal is up and every notified change has its WAL position.</summary>
    public bool StandbysMayAnswer =>
        _signalLive && !HasUnplacedChanges && clock.GetUtcNow().UtcTicks >= Interlocked.Read(ref _skipStandbysUntil);

    /// <summary>
    /// No standby answered within the connect timeout (Npgsql then used the primary). Npgsql would try an
    /// unanswering host again at every new connection, each time waiting out the timeout; for
    /// <see cref="UnreachablePause"/> catalogue reads go straight to the primary instead.
    /// </summary>
    public void StandbysUnreachable() => Interlocked.Exchange(ref _skipStandbysUntil, (clock.GetUtcNow() + UnreachablePause).UtcTicks);

    /// <summary>A catalogue change was committed on the primary; its WAL position is not known yet.</summary>
    public void Notified() => Interlocked.Increment(ref _changesNotified);

    /// <summary>
    /// The primary's WAL position, read after the first <paramref name="notified"/> notifications arrived, so at
    /// or after each of their commits; those changes stop holding standbys back once one has replayed that far.
    /// </summary>
    public void Placed(long notified, NpgsqlLogSequenceNumber lsn)
    {
        Raise(ref _latestChangeLsn, (long)(ulong)lsn);
        Raise(ref _changesPlaced, notified);
    }

    /// <summary>The change signal is up (after <see cref="Placed"/> with the position read once listening).</summary>
    public void SignalUp() => _signalLive = true;

    /// <summary>The change signal is lost: changes may go unnoticed, so no standby answers until it is back.</summary>
    public void SignalLost() => _signalLive = false;

    /// <summary>
    /// Whether the server behind <paramref name="connection"/> (opened) may answer: the primary always; a
    /// standby once it has replayed up to <see cref="LatestChangeLsn"/>. A standby's position is remembered per
    /// host, so it is asked (one round trip) only after a change, and at most every <see cref="RecheckAfter"/>.
    /// </summary>
    public async ValueTask<bool> MayAnswerAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        if (IsPrimary(connection))
        {
            return true;
        }

        var required = Interlocked.Read(ref _latestChangeLsn);
        var host = $"{connection.Host}:{connection.Port}";
        var now = clock.GetUtcNow();
        if (_replayedByHost.TryGetValue(host, out var known) && (known.Lsn >= required || now - known.At < RecheckAfter))
        {
            return known.Lsn >= required;
        }

        await using var command = new NpgsqlCommand("SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn()", connection);
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SingleRow, cancellationToken);
        await reader.ReadAsync(cancellationToken);
        if (!reader.GetBoolean(0))
        {
            return true;
        }

        var replayed = reader.IsDBNull(1) ? 0 : (long)(ulong)reader.GetFieldValue<NpgsqlLogSequenceNumber>(1);
        _replayedByHost[host] = new Replayed(replayed, now);
        return replayed >= required;
    }

    /// <summary>PostgreSQL 14+ reports in_hot_standby with every session; "off" is a primary.</summary>
    public static bool IsPrimary(NpgsqlConnection connection) =>
        connection.PostgresParameters.TryGetValue("in_hot_standby", out var hotStandby) && hotStandby == "off";

    private static void Raise(ref long field, long value)
    {
        var current = Interlocked.Read(ref field);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref field, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }

    private readonly record struct Replayed(long Lsn, DateTimeOffset At);
}
