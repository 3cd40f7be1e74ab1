using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;

namespace MovieDiscovery.Api.Data;

/// <summary>
/// An EF Core compiled query per context type. A compiled query binds to the provider of the first
/// context that runs it; the service runs one provider, but the tests run both in one process.
/// </summary>
public sealed class CompiledQuery<TDelegate>(Func<TDelegate> compile)
    where TDelegate : Delegate
{
    private readonly ConcurrentDictionary<Type, TDelegate> _byContext = new();

    public TDelegate For(DbContext db) => _byContext.GetOrAdd(db.GetType(), static (_, compile) => compile(), compile);
}
