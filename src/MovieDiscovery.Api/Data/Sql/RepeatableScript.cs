using System.Security.Cryptography;
using System.Text;

namespace MovieDiscovery.Api.Data.Sql;

/// <summary>
/// One file of Data/Sql/&lt;provider&gt;/, embedded in the assembly: the current definition of some triggers and of
/// the derived tables they keep, re-run whenever its checksum differs from the one recorded (<see cref="SchemaMigrator"/>).
/// </summary>
internal sealed record RepeatableScript(string Name, string Sql, string Checksum)
{
    private static readonly Lazy<IReadOnlyList<RepeatableScript>> s_postgres = new(() => Load(DatabaseProvider.Postgres));
    private static readonly Lazy<IReadOnlyList<RepeatableScript>> s_sqlite = new(() => Load(DatabaseProvider.Sqlite));

    /// <summary>The scripts of the provider, in the order they are applied: by file name.</summary>
    public static IReadOnlyList<RepeatableScript> For(DatabaseProvider provider) =>
        provider == DatabaseProvider.Postgres ? s_postgres.Value : s_sqlite.Value;

    private static List<RepeatableScript> Load(DatabaseProvider provider)
    {
        var assembly = typeof(RepeatableScript).Assembly;
        var prefix = $"{typeof(RepeatableScript).Namespace}.{provider}.";
        var scripts = assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(prefix, StringComparison.Ordinal) && name.EndsWith(".sql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(name =>
            {
                using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
                // Line endings depend on the checkout; the checksum must not.
                var sql = reader.ReadToEnd().ReplaceLineEndings("\n");
                return new RepeatableScript(name[prefix.Length..], sql, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sql))));
            })
            .ToList();
        return scripts.Count > 0
            ? scripts
            : throw new InvalidOperationException($"No {provider} scripts are embedded under {prefix}: the derived tables would have no triggers.");
    }
}
