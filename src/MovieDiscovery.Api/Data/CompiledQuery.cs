using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace MovieDiscovery.Api.Data;

/// <summary>
/// An EF Core compiled query per model. A compiled query binds to the first context that runs it
/// (its provider and internal services); the service has one model for its life, but the tests run
/// both providers, with differently configured contexts, in one process.
/// </summary>
public sealed class CompiledQuery<TDelegate>(Func<TDelegate> compile)
    where TDelegate : Delegate
{
    private readonly ConcurrentDictionary<IModel, TDelegate> _byModel = new(ReferenceEqualityComparer.Instance);

    public TDelegate For(DbContext db) => _byModel.GetOrAdd(db.Model, static (_, compile) => compile(), compile);
}
