using System.Reflection;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using MovieDiscovery.Api.Infrastructure.Auth;
using MovieDiscovery.Api.Infrastructure.Validation;

namespace MovieDiscovery.Api.Tests.Features.Security;

/// <summary>
/// A request is validated before anything else looks at it: an endpoint whose handler takes a request
/// with rules cannot lose its validation (queries would run with an empty country) or move it behind
/// the access checks (the contract answers 400 before 401 and 403).
/// </summary>
public sealed class RequestValidationOrderSpec(SqliteApiFactory factory) : ApiSpec<SqliteApiFactory>(factory)
{
    [Fact]
    public void Every_endpoint_that_takes_a_request_with_rules_validates_it_before_its_access_checks()
    {
        var endpoints = Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints;
        var validated = 0;
        foreach (var endpoint in endpoints)
        {
            var handler = endpoint.Metadata.GetMetadata<MethodInfo>();
            if (handler is null || !handler.GetParameters().Any(p => RequestValidation.Applies(p.ParameterType)))
            {
                continue;
            }

            validated++;
            var metadata = endpoint.Metadata.ToList();
            var validation = metadata.FindIndex(m => m is RequestValidationMetadata);
            var access = metadata.FindIndex(m => m is BearerTokenMetadata);
            Assert.True(validation >= 0, $"{endpoint.DisplayName} takes a request with rules but its group has no WithRequestValidation()");
            Assert.True(access < 0 || validation < access, $"{endpoint.DisplayName} checks access before it validates the request");
        }

        Assert.Equal(11, validated);
    }
}
