using System.Globalization;
using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace MovieDiscovery.Api.Tests.Features.Security;

/// <summary>Bearer tokens an attacker or a broken client could send, for the security specs and the fuzzer.</summary>
public static class TokenForge
{
    /// <summary>A token signed with the test key; valid unless an argument makes it otherwise.</summary>
    public static string Mint(
        string subject,
        string role = "user",
        string issuer = "movie-discovery",
        string audience = "movie-discovery-apps",
        string key = ApiFactory.SigningKey,
        DateTime? notBefore = null,
        DateTime? expires = null,
        string algorithm = SecurityAlgorithms.HmacSha256)
    {
        var start = notBefore ?? DateTime.UtcNow.AddMinutes(-1);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = start,
            NotBefore = start,
            Expires = expires ?? DateTime.UtcNow.AddMinutes(30),
            Subject = new ClaimsIdentity([new Claim("sub", subject), new Claim("role", role)]),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)), algorithm),
        });
    }

    public static string Mint(int userId, string role = "user") => Mint(userId.ToString(CultureInfo.InvariantCulture), role);

    /// <summary>The same claims with <c>alg: none</c> and no signature.</summary>
    public static string WithoutSignature(int userId, string role = "admin")
    {
        static string Encode(string json) => Base64UrlEncoder.Encode(json);
        var exp = DateTimeOffset.UtcNow.AddMinutes(30).ToUnixTimeSeconds();
        return Encode("""{"alg":"none","typ":"JWT"}""") + "." +
            Encode($$"""{"sub":"{{userId}}","role":"{{role}}","iss":"movie-discovery","aud":"movie-discovery-apps","exp":{{exp}}}""") + ".";
    }

    /// <summary>A real token with one character of its signature changed.</summary>
    public static string Tamper(string token)
    {
        var last = token[^2] == 'A' ? 'B' : 'A';
        return string.Concat(token.AsSpan(0, token.Length - 2), last.ToString(), token.AsSpan(token.Length - 1));
    }

    /// <summary>A real token whose payload claims the admin role, keeping the original signature.</summary>
    public static string PromotedToAdmin(string token)
    {
        var parts = token.Split('.');
        var payload = Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(parts[1]));
        var promoted = payload.Replace("\"role\":\"user\"", "\"role\":\"admin\"", StringComparison.Ordinal);
        return $"{parts[0]}.{Base64UrlEncoder.Encode(promoted)}.{parts[2]}";
    }

    /// <summary>The signature part of a JWT.</summary>
    public static string Signature(string token) => token[(token.LastIndexOf('.') + 1)..];
}
