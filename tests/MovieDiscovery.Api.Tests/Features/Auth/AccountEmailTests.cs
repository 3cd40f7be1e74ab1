using MovieDiscovery.Api.Infrastructure.Auth;

namespace MovieDiscovery.Api.Tests.Features.Auth;

/// <summary>The normal form of an account's email, and what is not an email.</summary>
public sealed class AccountEmailTests
{
    [Theory]
    [InlineData("alice@example.com", "alice@example.com")]
    [InlineData("ALICE@Example.COM", "alice@example.com")]
    [InlineData("ａｌｉｃｅ@ｅｘａｍｐｌｅ.ｃｏｍ", "alice@example.com")]
    [InlineData("ﬁona@example.com", "fiona@example.com")]
    [InlineData("𝐚lice@example.com", "alice@example.com")]
    [InlineData("jose\u0301@example.com", "jos\u00e9@example.com")]
    [InlineData("JOSÉ@EXAMPLE.COM", "jos\u00e9@example.com")]
    [InlineData("user.name+tag@sub.example.co.uk", "user.name+tag@sub.example.co.uk")]
    [InlineData("!#$%&'*+-/=?^_`{|}~@example.com", "!#$%&'*+-/=?^_`{|}~@example.com")]
    [InlineData("admin@localhost", "admin@localhost")]
    [InlineData("用户@例子.广告", "用户@例子.广告")]
    public void Normalises_an_email_to_NFKC_in_lower_case(string raw, string expected)
    {
        Assert.True(AccountEmail.TryNormalize(raw, out var email), raw);
        Assert.Equal(expected, email);
    }

    [Theory]
    [InlineData("")]
    [InlineData("alice")]
    [InlineData("alice@")]
    [InlineData("@example.com")]
    [InlineData("alice@@example.com")]
    [InlineData("ali ce@example.com")]
    [InlineData(" alice@example.com")]
    [InlineData("alice@example.com ")]
    [InlineData("alice..b@example.com")]
    [InlineData(".alice@example.com")]
    [InlineData("alice.@example.com")]
    [InlineData("alice@example..com")]
    [InlineData("alice@-example.com")]
    [InlineData("alice@example-.com")]
    [InlineData("alice@exa_mple.com")]
    [InlineData("\"alice\"@example.com")]
    [InlineData("alice@[127.0.0.1]")]
    [InlineData("alice\u200B@example.com")]
    [InlineData("alice\u00AD@example.com")]
    [InlineData("alice\uFE0F@example.com")]
    [InlineData("alice\u3164@example.com")]
    [InlineData("alice\u0000@example.com")]
    [InlineData("alice\u00A0@example.com")]
    [InlineData("alice\uD800@example.com")]
    [InlineData("al😀ice@example.com")]
    public void Refuses_what_is_not_an_email(string raw) => Assert.False(AccountEmail.TryNormalize(raw, out _), raw);

    [Fact]
    public void Refuses_parts_over_their_RFC_5321_lengths()
    {
        Assert.True(AccountEmail.TryNormalize(new string('a', 64) + "@example.com", out _));
        Assert.False(AccountEmail.TryNormalize(new string('a', 65) + "@example.com", out _));
        Assert.False(AccountEmail.TryNormalize("alice@" + new string('a', 64) + ".com", out _));
        Assert.False(AccountEmail.TryNormalize("alice@" + string.Join('.', Enumerable.Repeat(new string('a', 60), 5)), out _));
    }

    [Fact]
    public void The_normal_form_is_its_own_normal_form()
    {
        foreach (var raw in new[] { "ＡＬＩＣＥ@example.com", "ǅemal@example.com", "İstanbul@example.com", "ß@example.com" })
        {
            Assert.True(AccountEmail.TryNormalize(raw, out var once), raw);
            Assert.True(AccountEmail.TryNormalize(once, out var twice), once);
            Assert.Equal(once, twice);
        }
    }
}
