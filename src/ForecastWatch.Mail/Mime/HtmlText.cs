using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace ForecastWatch.Mail.Mime;

/// <summary>Converts HTML to readable plain text (blocks and line breaks kept, scripts and styles dropped).</summary>
public static class HtmlText
{
    // An HtmlParser is costly to create and not documented as thread-safe: one per thread.
    private static readonly ThreadLocal<HtmlParser> Parser = new(static () => new HtmlParser(new HtmlParserOptions { IsScripting = false }));

    private static readonly HashSet<string> Blocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "section", "article", "header", "footer", "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6",
        "ul", "ol", "table", "tr", "form", "hr", "address", "li", "dl", "dt", "dd", "center",
    };

    /// <summary>The text of <paramref name="html"/>: one line per block, list items as "- ", links' text only.</summary>
    public static string ToText(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        using var document = Parser.Value!.ParseDocument(html);
        var sb = new StringBuilder(html.Length / 2);
        var root = (INode?)document.Body ?? document.DocumentElement;
        if (root is not null)
        {
            Append(root, sb, 0);
        }

        return Normalize(sb.ToString());
    }

    private static void Append(INode node, StringBuilder sb, int depth)
    {
        if (depth > 256)
        {
            return;
        }

        foreach (var child in node.ChildNodes)
        {
            switch (child)
            {
                case IText text:
                    AppendCollapsed(sb, text.Data);
                    break;
                case IElement element:
                    var tag = element.LocalName;
                    if (tag is "script" or "style" or "head" or "title" or "template" or "noscript")
                    {
                        break;
                    }

                    if (tag == "br")
                    {
                        sb.Append('\n');
                        break;
                    }

                    var block = Blocks.Contains(tag);
                    if (block)
                    {
                        NewLine(sb);
                    }

                    if (tag == "li")
                    {
                        sb.Append("- ");
                    }
                    else if (tag is "td" or "th" && sb.Length > 0 && sb[^1] is not ('\n' or ' '))
                    {
                        sb.Append(' ');
                    }

                    if (tag == "pre")
                    {
                        sb.Append(element.TextContent);
                    }
                    else
                    {
                        Append(element, sb, depth + 1);
                    }

                    if (block)
                    {
                        NewLine(sb);
                    }

                    break;
            }
        }
    }

    private static void AppendCollapsed(StringBuilder sb, string text)
    {
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) && c != '\u00a0')
            {
                if (sb.Length > 0 && sb[^1] is not (' ' or '\n'))
                {
                    sb.Append(' ');
                }
            }
            else
            {
                sb.Append(c == '\u00a0' ? ' ' : c);
            }
        }
    }

    private static void NewLine(StringBuilder sb)
    {
        while (sb.Length > 0 && sb[^1] == ' ')
        {
            sb.Length--;
        }

        if (sb.Length > 0 && sb[^1] != '\n')
        {
            sb.Append('\n');
        }
    }

    private static string Normalize(string text)
    {
        var lines = text.Split('\n');
        var sb = new StringBuilder(text.Length);
        var blank = 0;
        foreach (var l in lines)
        {
            var line = l.Trim();
            if (line.Length == 0)
            {
                if (++blank > 1 || sb.Length == 0)
                {
                    continue;
                }
            }
            else
            {
                blank = 0;
            }

            sb.Append(line).Append('\n');
        }

        return sb.ToString().TrimEnd('\n');
    }
}
