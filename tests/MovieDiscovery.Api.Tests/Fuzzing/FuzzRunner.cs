using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CsCheck;
using Microsoft.AspNetCore.Http;

namespace MovieDiscovery.Api.Tests.Fuzzing;

/// <summary>
/// The run's settings, from the environment: <c>FUZZ_SEED</c> (decimal or 0x-hex; a random one is
/// picked and printed when unset), <c>FUZZ_CASES</c> (cases per operation) and <c>FUZZ_OPERATION</c>
/// (only the operation with this id); <c>FUZZ_VERBOSE=1</c> prints every case and its status. The same
/// seed generates the same requests.
/// </summary>
public sealed record FuzzSettings(ulong Seed, int CasesPerOperation, string? Operation, bool SeedFromEnvironment, bool Verbose = false)
{
    public const int DefaultCases = 320;

    public static FuzzSettings FromEnvironment()
    {
        var rawSeed = Environment.GetEnvironmentVariable("FUZZ_SEED");
        var seed = ParseSeed(rawSeed);
        var cases = int.TryParse(Environment.GetEnvironmentVariable("FUZZ_CASES"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : DefaultCases;
        var operation = Environment.GetEnvironmentVariable("FUZZ_OPERATION");
        return new FuzzSettings(
            seed ?? BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8)),
            cases,
            string.IsNullOrWhiteSpace(operation) ? null : operation,
            seed is not null,
            Environment.GetEnvironmentVariable("FUZZ_VERBOSE") == "1");
    }

    public string Replay => $"FUZZ_SEED={Seed} FUZZ_CASES={CasesPerOperation}";

    private static ulong? ParseSeed(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        raw = raw.Trim();
        return raw.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? ulong.Parse(raw.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture)
            : ulong.Parse(raw, NumberStyles.None, CultureInfo.InvariantCulture);
    }
}

/// <summary>What one request got, and what is wrong with it (null when it kept the contract).</summary>
public sealed record FuzzOutcome(ApiOperation Operation, int Case, FuzzRequest Request, int Status, string? Violation, string Response);

/// <summary>Generates an operation's cases from the seed, sends them through the pipeline and checks each answer.</summary>
public sealed class FuzzRunner(HttpClient client, OpenApiContract contract)
{
    /// <summary>Answers the framework gives for any route; each with its one code.</summary>
    public static readonly IReadOnlyDictionary<int, string> FrameworkCodes = new Dictionary<int, string>
    {
        [404] = "NOT_FOUND",
        [405] = "METHOD_NOT_ALLOWED",
        [413] = "PAYLOAD_TOO_LARGE",
        [414] = "VALIDATION_ERROR",
        [415] = "UNSUPPORTED_MEDIA_TYPE",
        [431] = "VALIDATION_ERROR",
    };

    private readonly JsonElement _errorEnvelope = contract.Resolve(JsonDocument.Parse("""{"$ref":"#/components/schemas/ErrorEnvelope"}""").RootElement.Clone());

    /// <summary>The cases of one operation: case i comes from its own generator state, derived from the seed.</summary>
    public static List<FuzzRequest> Generate(Gen<FuzzRequest> gen, ApiOperation op, FuzzSettings settings)
    {
        var stream = StableHash(op.Id);
        return Enumerable.Range(0, settings.CasesPerOperation)
            .Select(i => gen.Generate(new PCG(stream, settings.Seed + ((ulong)i * 0x9E3779B97F4A7C15UL)), null!, out _))
            .ToList();
    }

    public async Task<List<FuzzOutcome>> RunAsync(ApiOperation op, IReadOnlyList<FuzzRequest> cases, int parallelism)
    {
        var outcomes = new ConcurrentBag<FuzzOutcome>();
        await Parallel.ForEachAsync(
            Enumerable.Range(0, cases.Count),
            new ParallelOptions { MaxDegreeOfParallelism = parallelism },
            async (i, _) => outcomes.Add(await SendAsync(op, i, cases[i])));
        return [.. outcomes.OrderBy(o => o.Case)];
    }

    private async Task<FuzzOutcome> SendAsync(ApiOperation op, int index, FuzzRequest request)
    {
        if (!Sendable(request.Target))
        {
            // The client cannot express it, or a real server refuses it before the application: nothing to check.
            return new FuzzOutcome(op, index, request, 0, null, "(not sendable)");
        }

        using (var message = new HttpRequestMessage(new HttpMethod(request.Method), request.Target))
        {
            if (request.Identity.Authorization is { } authorization)
            {
                message.Headers.TryAddWithoutValidation("Authorization", authorization);
            }

            foreach (var (name, value) in request.Headers)
            {
                message.Headers.TryAddWithoutValidation(name, value);
            }

            if (request.Body is { } body)
            {
                HttpContent content = body.Streamed ? new StreamContent(new UnknownLengthStream(body.Bytes)) : new ByteArrayContent(body.Bytes);
                if (body.ContentType is not null)
                {
                    content.Headers.TryAddWithoutValidation("Content-Type", body.ContentType);
                }

                message.Content = content;
            }

            HttpResponseMessage response;
            try
            {
                response = await client.SendAsync(message);
            }
            catch (Exception exception) when (exception is HttpRequestException or InvalidOperationException or IOException)
            {
                // The in-memory server surfaces an exception the pipeline let through: as good as a 500.
                return new FuzzOutcome(op, index, request, 599, $"the request threw {exception.GetType().Name}: {exception.Message}", exception.ToString());
            }

            using (response)
            {
                var text = await response.Content.ReadAsStringAsync();
                return new FuzzOutcome(op, index, request, (int)response.StatusCode, Check(op, request, response, text), text);
            }
        }
    }

    /// <summary>
    /// False when the client cannot express the target, or when a real server refuses it before the
    /// application (Kestrel answers 400 to a NUL in the path; the in-memory server throws instead).
    /// </summary>
    private bool Sendable(string target)
    {
        try
        {
            _ = PathString.FromUriComponent(new Uri(client.BaseAddress!, target));
            return true;
        }
        catch (Exception exception) when (exception is UriFormatException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>The first way the answer breaks the document, or null.</summary>
    public string? Check(ApiOperation op, FuzzRequest request, HttpResponseMessage response, string text)
    {
        var status = (int)response.StatusCode;
        if (status >= 500)
        {
            return $"server error {status}";
        }

        var declared = op.Responses.TryGetValue(status, out var documented) && status is not (429 or 500 or 503);
        if (!declared && !FrameworkCodes.ContainsKey(status))
        {
            return $"status {status} is not documented for {op.Id}";
        }

        if (status >= 400)
        {
            if (response.Content.Headers.ContentType?.MediaType != "application/json")
            {
                return $"error {status} with Content-Type '{response.Content.Headers.ContentType}' instead of application/json";
            }

            JsonElement json;
            try
            {
                json = JsonDocument.Parse(text).RootElement.Clone();
            }
            catch (JsonException)
            {
                return $"error {status} whose body is not JSON";
            }

            var problems = contract.Validate(json, _errorEnvelope);
            if (problems.Count > 0)
            {
                return $"error {status} is not the envelope: {string.Join("; ", problems)}";
            }

            var code = json.GetProperty("error").GetProperty("code").GetString()!;
            var allowed = new HashSet<string>(documented?.Codes ?? new HashSet<string>(), StringComparer.Ordinal);
            if (FrameworkCodes.TryGetValue(status, out var frameworkCode))
            {
                allowed.Add(frameworkCode);
            }

            return allowed.Contains(code) ? null : $"error {status} {code}: the code is not among {string.Join(", ", allowed)} documented for it";
        }

        if (request.Method != op.Method)
        {
            return $"{request.Method} on a {op.Method} route answered {status}";
        }

        if (status is 204 or 304)
        {
            return text.Length == 0 ? null : $"{status} with a body";
        }

        if (documented?.Schema is not { } schema)
        {
            return null;
        }

        try
        {
            var problems = contract.Validate(JsonDocument.Parse(text).RootElement, schema);
            return problems.Count == 0 ? null : $"{status} body breaks its schema: {string.Join("; ", problems.Take(5))}";
        }
        catch (JsonException)
        {
            return $"{status} body is not JSON";
        }
    }

    /// <summary>The assertion message: the seed, the counts, and the first cases of each kind of failure.</summary>
    public static string Report(FuzzSettings settings, IReadOnlyList<FuzzOutcome> failures)
    {
        var text = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"{failures.Count} fuzzed request(s) broke the contract. Replay with {settings.Replay}")
            .Append(CultureInfo.InvariantCulture, $" (add FUZZ_OPERATION=<id> for one operation).\n");
        foreach (var kind in failures.GroupBy(f => (f.Operation.Id, Kind: Kind(f.Violation!))).OrderBy(g => g.Key.Id, StringComparer.Ordinal))
        {
            text.Append(CultureInfo.InvariantCulture, $"\n== {kind.Key.Id}: {kind.Key.Kind} ({kind.Count()} case(s))\n");
            foreach (var failure in kind.Take(3))
            {
                var response = failure.Response.Length > 600 ? failure.Response[..600] + "…" : failure.Response;
                text.Append(CultureInfo.InvariantCulture, $"-- case {failure.Case}: {failure.Violation}\n  {failure.Request.Describe()}\n  response {failure.Status}: {response}\n");
            }
        }

        return text.ToString();
    }

    private static string Kind(string violation) => violation.Split(':')[0];

    private static uint StableHash(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash;
    }

    /// <summary>A body whose length is not known in advance, so it is sent without Content-Length.</summary>
    private sealed class UnknownLengthStream(byte[] bytes) : MemoryStream(bytes, writable: false)
    {
        public override bool CanSeek => false;
    }
}

/// <summary>Times and counts a run for the test output.</summary>
public sealed class FuzzTally
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public TimeSpan Elapsed => _clock.Elapsed;

    public static string Histogram(IEnumerable<FuzzOutcome> outcomes) =>
        string.Join(" ", outcomes.GroupBy(o => o.Status).OrderBy(g => g.Key).Select(g => $"{(g.Key == 0 ? "unsent" : g.Key.ToString(CultureInfo.InvariantCulture))}×{g.Count()}"));
}
