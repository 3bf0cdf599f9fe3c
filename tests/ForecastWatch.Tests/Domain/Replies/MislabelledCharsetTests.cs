using System.Text;
using ForecastWatch.Domain.Replies;

namespace ForecastWatch.Tests.Domain.Replies;

public sealed class MislabelledCharsetTests
{
    [Theory]
    [InlineData("iso-8859-1")]
    [InlineData("windows-1252")]
    [InlineData("us-ascii")]
    [InlineData("koi8-r")]
    [InlineData("shift_jis")]
    [InlineData("x-unknown-charset")]
    public void Decode_Utf8LabelledOtherwise_ReadsUtf8(string declared)
    {
        var bytes = Encoding.UTF8.GetBytes("Sí – the law passed. Ja, es ist in Kraft. Да.");

        Assert.True(MislabelledCharset.IsUtf8Mislabelled(bytes, declared));
        Assert.Equal("Sí – the law passed. Ja, es ist in Kraft. Да.", MislabelledCharset.Decode(bytes, declared));
    }

    [Theory]
    [InlineData("iso-8859-1", "Oui, c'est fait. Größe: 3 m²", 28591)]
    [InlineData("windows-1252", "Oui – c’est fait, naïve", 1252)]
    [InlineData("koi8-r", "Да, закон принят", 20866)]
    [InlineData("shift_jis", "はい、成立しました", 932)]
    public void Decode_TextInItsDeclaredCharset_KeepsTheLabel(string declared, string text, int codePage)
    {
        var bytes = (CodePagesEncodingProvider.Instance.GetEncoding(codePage) ?? Encoding.GetEncoding(codePage)).GetBytes(text);

        Assert.False(MislabelledCharset.IsUtf8Mislabelled(bytes, declared));
        Assert.Equal(text, MislabelledCharset.Decode(bytes, declared));
    }

    [Fact]
    public void Decode_AsciiOnly_KeepsTheLabel()
    {
        Assert.False(MislabelledCharset.IsUtf8Mislabelled("YES - see link"u8, "iso-8859-1"));
    }

    [Fact]
    public void Decode_Utf8LabelledUtf8_IsNotMislabelled()
    {
        Assert.False(MislabelledCharset.IsUtf8Mislabelled("Sí"u8, "utf-8"));
    }
}
