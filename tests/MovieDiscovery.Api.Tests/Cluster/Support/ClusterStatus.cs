namespace MovieDiscovery.Api.Tests.Cluster.Support;

/// <summary>What <c>make cluster-status</c> prints: the processes of the cluster, where they listen, and their pids (null when not running).</summary>
public sealed record ClusterStatus(
    ClusterStatus.Endpoint Lb,
    IReadOnlyList<ClusterStatus.Endpoint> Apis,
    ClusterStatus.Database Primary,
    IReadOnlyList<ClusterStatus.Database> Standbys,
    ClusterStatus.RedisServer Redis)
{
    private static readonly JsonSerializerOptions s_json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    public sealed record Endpoint(string Url, int? Pid);

    /// <summary>A PostgreSQL server; the pid is its postmaster's.</summary>
    public sealed record Database(string ConnectionString, int? Pid);

    public sealed record RedisServer(string Address, int? Pid);

    /// <summary>Reads the one JSON object <c>status</c> prints; any other member, or one missing, is an error.</summary>
    public static ClusterStatus Parse(string json) =>
        JsonSerializer.Deserialize<ClusterStatus>(json, s_json) ?? throw new JsonException("cluster.sh status printed null.");

    public IEnumerable<int> Pids() =>
        new[] { Lb.Pid, Primary.Pid, Redis.Pid }
            .Concat(Apis.Select(api => api.Pid))
            .Concat(Standbys.Select(standby => standby.Pid))
            .OfType<int>();
}
