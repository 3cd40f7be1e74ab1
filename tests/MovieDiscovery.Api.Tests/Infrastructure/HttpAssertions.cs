namespace MovieDiscovery.Api.Tests.Infrastructure;

public static class HttpAssertions
{
    /// <summary>Asserts the status, reads the JSON body, and for errors checks the contract's envelope.</summary>
    public static async Task<JsonElement> ShouldBe(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"Expected {(int)expected} but got {(int)response.StatusCode}: {text}");
        if (text.Length == 0)
        {
            return default;
        }

        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var json = JsonDocument.Parse(text).RootElement.Clone();
        if ((int)expected >= 400)
        {
            var error = json.GetProperty("error");
            Assert.Equal(JsonValueKind.String, error.GetProperty("code").ValueKind);
            Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
            Assert.Equal(JsonValueKind.Object, error.GetProperty("details").ValueKind);
        }

        return json;
    }

    /// <summary><see cref="ShouldBe"/> on a request still in flight; the response is disposed afterwards.</summary>
    public static async Task<JsonElement> ShouldBeAsync(this Task<HttpResponseMessage> sending, HttpStatusCode expected)
    {
        using var response = await sending;
        return await response.ShouldBe(expected);
    }

    /// <summary>Asserts an error response: status, envelope and code.</summary>
    public static async Task<JsonElement> ShouldFail(this HttpResponseMessage response, HttpStatusCode expected, string code)
    {
        var json = await response.ShouldBe(expected);
        Assert.Equal(code, json.GetProperty("error").GetProperty("code").GetString());
        return json.GetProperty("error").GetProperty("details");
    }

    public static int[] Ids(this JsonElement page) =>
        page.GetProperty("data").EnumerateArray().Select(item => item.GetProperty("id").GetInt32()).ToArray();
}
