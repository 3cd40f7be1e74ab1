namespace MovieDiscovery.Api.Infrastructure.Validation;

/// <summary>Answers 400 <c>VALIDATION_ERROR</c>, naming each bad parameter, when a request is invalid.</summary>
public sealed class ValidationFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        RequestErrors? errors = null;
        foreach (var argument in context.Arguments)
        {
            if (argument is IValidatedRequest request)
            {
                errors ??= new RequestErrors();
                request.Validate(errors);
            }
        }

        return errors is { Any: true } ? errors.ToResult() : await next(context);
    }
}
