using System.Text;
using EndpointStats.RateLimiting.Redis.Direct;

namespace EndpointStats.RateLimiting.Tests.Engine;

/// <summary>The decision connection's reply reader: whole replies of each kind, replies split across reads, and bad bytes.</summary>
public sealed class RespReplyTests
{
    [Fact]
    public void Parse_ScriptAnswer_ReadsItsIntegersAndTheBytesItTook()
    {
        var input = Encoding.ASCII.GetBytes("*3\r\n:1\r\n:-42\r\n:9007199254740993\r\n+OK\r\n");

        var (reply, used) = RespReply.Parse(input);

        Assert.Equal([1L, -42L, 9007199254740993L], reply!.Integers!);
        Assert.Equal(input.Length - 5, used);
    }

    [Theory]
    [InlineData("+OK\r\n", '+', "OK")]
    [InlineData("-NOSCRIPT No matching script.\r\n", '-', "NOSCRIPT No matching script.")]
    [InlineData("$40\r\n0123456789abcdef0123456789abcdef01234567\r\n", '$', "0123456789abcdef0123456789abcdef01234567")]
    [InlineData("$-1\r\n", '$', null)]
    public void Parse_StatusErrorAndBulk_KeepTheirText(string input, char kind, string? text)
    {
        var (reply, used) = RespReply.Parse(Encoding.ASCII.GetBytes(input));

        Assert.Equal((kind, text, input.Length), (reply!.Kind, reply.Text, used));
        Assert.Equal(kind == '-', reply.IsError);
    }

    [Fact]
    public void Parse_EveryCutOfAReply_WaitsForTheRest()
    {
        var whole = Encoding.ASCII.GetBytes("*2\r\n:12\r\n:-3\r\n");

        for (var cut = 0; cut < whole.Length; cut++)
        {
            Assert.Equal((null, 0), RespReply.Parse(whole.AsSpan(0, cut)));
        }

        Assert.Equal([12L, -3L], RespReply.Parse(whole).Reply!.Integers!);
    }

    [Fact]
    public void Parse_ArrayOfOtherReplies_IsReadWholeWithoutIntegers()
    {
        var input = Encoding.ASCII.GetBytes("*3\r\n:1\r\n$3\r\nabc\r\n*1\r\n:2\r\n");

        var (reply, used) = RespReply.Parse(input);

        Assert.Equal(('*', null, input.Length), (reply!.Kind, reply.Integers, used));
    }

    [Theory]
    [InlineData("?what\r\n")]
    [InlineData(":12x\r\n")]
    [InlineData("\r\n")]
    public void Parse_NotRedisProtocol_Throws(string input) =>
        Assert.Throws<FormatException>(() => RespReply.Parse(Encoding.ASCII.GetBytes(input)));
}
