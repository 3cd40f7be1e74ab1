using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace MovieDiscovery.Api.Infrastructure.Errors;

/// <summary>
/// Turns exceptions into envelope responses: bad request bodies are the client's 4xx, an unreachable
/// database is a 503 the client may retry, anything else is a bug (500, logged with the trace id).
/// </summary>
internal sealed partial class ApiExceptionHandler(ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    /// <summary>Seconds a client is asked to wait when the database is unreachable.</summary>
    public const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is BadHttpRequestException badRequest)
        {
            await WriteBadRequestAsync(httpContext, badRequest);
            return true;
        }

        if (httpContext.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is no one to answer.
            return true;
        }

        if (IsUnstorableText(exception))
        {
            await ApiErrors.UnstorableText().ExecuteAsync(httpContext);
            return true;
        }

        var traceId = ErrorResponseWriter.TraceId(httpContext);
        if (IsDatabaseUnavailable(exception))
        {
            LogDatabaseUnavailable(logger, traceId, exception.GetType().Name, exception.Message);
            httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await ApiErrors.DatabaseUnavailable().ExecuteAsync(httpContext);
            return true;
        }

        LogUnhandled(logger, exception, traceId);
        await ApiErrors.Unexpected().ExecuteAsync(httpContext);
        return true;
    }

    private static Task WriteBadRequestAsync(HttpContext httpContext, BadHttpRequestException exception)
    {
        var error = exception switch
        {
            { InnerException: JsonException json } => ApiErrors.InvalidBody(JsonProblem(json)),
            { StatusCode: StatusCodes.Status400BadRequest } => ApiErrors.MalformedBody(),
            _ => StatusCodeErrors.For(exception.StatusCode, httpContext.Request),
        };
        return error.ExecuteAsync(httpContext);
    }

    /// <summary>Says what is wrong without echoing framework internals (type names, stack), nor more than a short part of the body.</summary>
    private static string JsonProblem(JsonException json)
    {
        var where = string.IsNullOrEmpty(json.Path) || json.Path == "$" ? "the body" : ApiErrors.Shown(json.Path);
        return json.Message switch
        {
            var m when m.Contains("could not be mapped", StringComparison.Ordinal) => $"Unknown property at {where} (names are exact, in snake_case).",
            var m when m.Contains("Duplicate", StringComparison.OrdinalIgnoreCase) => $"Duplicate property at {where}.",
            var m when m.Contains("missing required properties", StringComparison.Ordinal) => "Required properties are missing.",
            _ => $"Invalid JSON or wrong type at {where}.",
        };
    }

    /// <summary>PostgreSQL refuses some characters in text (NUL): the client's input, not a bug.</summary>
    private static bool IsUnstorableText(Exception exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.CharacterNotInRepertoire or PostgresErrorCodes.UntranslatableCharacter }
        || (exception.InnerException is { } inner && IsUnstorableText(inner));

    private static bool IsDatabaseUnavailable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case NpgsqlException { IsTransient: true }:
                // Npgsql's own failures to reach a server, e.g. "No suitable host was found" when no listed host is
                // the primary (during a failover): not transient by its flag, but the database, not the request.
                case NpgsqlException and not PostgresException:
                case SocketException:
                case TimeoutException:
                case SqliteException { SqliteErrorCode: 5 or 6 or 14 }: // BUSY, LOCKED, CANTOPEN
                    return true;
            }
        }

        return false;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception (trace {TraceId})")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string traceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database unavailable (trace {TraceId}): {ErrorType} {ErrorMessage}")]
    private static partial void LogDatabaseUnavailable(ILogger logger, string traceId, string errorType, string errorMessage);
}
