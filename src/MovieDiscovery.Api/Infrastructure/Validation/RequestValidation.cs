namespace MovieDiscovery.Api.Infrastructure.Validation;

/// <summary>Marks endpoints whose requests are validated before anything else runs.</summary>
public sealed record RequestValidationMetadata;

/// <summary>
/// Answers 400 <c>VALIDATION_ERROR</c>, naming each bad parameter, before the handler and before
/// the filters added after it (authentication and ownership), as the contract orders the checks.
/// </summary>
public static class RequestValidation
{
    /// <summary>Validates every argument that declares rules or is an <see cref="IValidatedRequest"/>.</summary>
    public static TBuilder WithRequestValidation<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilterFactory(CreateFilter).WithMetadata(new RequestValidationMetadata());

    /// <summary>Whether arguments of this type are validated.</summary>
    public static bool Applies(Type type) => typeof(IValidatedRequest).IsAssignableFrom(type) || RequestRules.Of(type).Any;

    /// <summary>Checks a request's declared rules, then what it checks itself.</summary>
    public static void Validate(object request, RequestErrors errors)
    {
        RequestRules.Of(request.GetType()).Check(request, errors);
        (request as IValidatedRequest)?.Validate(errors);
    }

    private static EndpointFilterDelegate CreateFilter(EndpointFilterFactoryContext context, EndpointFilterDelegate next)
    {
        int[] validated = [.. context.MethodInfo.GetParameters().Where(p => Applies(p.ParameterType)).Select(p => p.Position)];
        if (validated.Length == 0)
        {
            return next;
        }

        return async invocation =>
        {
            var errors = new RequestErrors();
            foreach (var position in validated)
            {
                if (invocation.Arguments[position] is { } request)
                {
                    Validate(request, errors);
                }
            }

            return errors.Any ? errors.ToResult() : await next(invocation);
        };
    }
}
