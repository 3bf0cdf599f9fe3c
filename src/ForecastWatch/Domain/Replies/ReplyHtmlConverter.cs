using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace ForecastWatch.Domain.Replies;

/// <summary>
/// Turns an HTML reply into text the trimmer understands: one line per block, <c>&lt;blockquote&gt;</c> content
/// prefixed with <c>&gt; </c> per level (so Gmail's and Apple Mail's HTML quotes look like plain-text quotes), and
/// link targets kept next to their text because links in a reply are evidence.
/// </summary>
internal static class ReplyHtmlConverter
{
    private static readonly HashSet<string> Skipped = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "head", "title", "template", "noscript", "object", "svg",
    };

    private static readonly HashSet<string> Blocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "li", "ul", "ol", "table", "tr", "tbody", "thead", "h1", "h2", "h3", "h4", "h5", "h6", "pre",
        "hr", "section", "article", "header", "footer", "dl", "dt", "dd", "address", "center", "body", "html",
        "blockquote", "form", "fieldset", "main", "nav", "aside", "figure",
    };

    public static string ToText(string? html)
    {
        if (string.IsNullOrWhiteSpace(html))
        {
            return string.Empty;
        }

        var document = new HtmlParser().ParseDocument(html);
        var writer = new Writer();
        Walk(document.Body ?? (INode)document, writer, depth: 0, pre: false);
        return writer.Finish();
    }

    private static void Walk(INode node, Writer writer, int depth, bool pre)
    {
        foreach (var child in node.ChildNodes)
        {
            switch (child)
            {
                case IText text:
                    writer.Text(text.Data, depth, pre);
                    break;
                case IElement element:
                    WalkElement(element, writer, depth, pre);
                    break;
            }
        }
    }

    private static void WalkElement(IElement element, Writer writer, int depth, bool pre)
    {
        var name = element.LocalName;
        if (Skipped.Contains(name))
        {
            return;
        }

        if (name == "br")
        {
            writer.Break(depth, force: true);
            return;
        }

        var isBlock = Blocks.Contains(name);
        var childDepth = name == "blockquote" ? depth + 1 : depth;
        if (isBlock)
        {
            writer.Break(depth, force: false);
        }

        if (name is "td" or "th")
        {
            writer.Text(" ", depth, pre: false);
        }

        Walk(element, writer, childDepth, pre || name == "pre");

        if (name == "a")
        {
            var href = element.GetAttribute("href");
            if (href is not null
                && (href.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
                    || href.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
                && !element.TextContent.Contains(href, StringComparison.OrdinalIgnoreCase))
            {
                writer.Text($" <{href}>", depth, pre: false);
            }
        }

        if (isBlock)
        {
            writer.Break(depth, force: false);
        }
    }

    private sealed class Writer
    {
        private readonly StringBuilder _output = new();
        private readonly StringBuilder _line = new();
        private int _lineDepth;
        private bool _lastLineBlank = true;

        public void Text(string data, int depth, bool pre)
        {
            if (pre)
            {
                var parts = data.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
                for (var i = 0; i < parts.Length; i++)
                {
                    if (i > 0)
                    {
                        Break(depth, force: true);
                    }

                    Append(parts[i], depth);
                }

                return;
            }

            var collapsed = new StringBuilder(data.Length);
            var space = false;
            foreach (var c in data)
            {
                if (char.IsWhiteSpace(c) && c != '\u00A0')
                {
                    space = true;
                    continue;
                }

                if (space && (collapsed.Length > 0 || _line.Length > 0))
                {
                    collapsed.Append(' ');
                }

                space = false;
                collapsed.Append(c == '\u00A0' ? ' ' : c);
            }

            if (space && collapsed.Length > 0)
            {
                collapsed.Append(' ');
            }

            Append(collapsed.ToString(), depth);
        }

        private void Append(string s, int depth)
        {
            if (s.Length == 0)
            {
                return;
            }

            if (_line.Length == 0)
            {
                _lineDepth = depth;
                s = s.TrimStart();
            }

            _line.Append(s);
        }

        public void Break(int depth, bool force)
        {
            if (_line.Length == 0 && !force)
            {
                return;
            }

            var text = _line.ToString().TrimEnd();
            var lineDepth = _line.Length == 0 ? depth : _lineDepth;
            _line.Clear();
            if (text.Length == 0 && lineDepth == 0)
            {
                if (_lastLineBlank)
                {
                    return;
                }

                _lastLineBlank = true;
                _output.Append('\n');
                return;
            }

            _lastLineBlank = text.Length == 0;
            for (var i = 0; i < lineDepth; i++)
            {
                _output.Append('>');
            }

            if (lineDepth > 0 && text.Length > 0)
            {
                _output.Append(' ');
            }

            _output.Append(text).Append('\n');
        }

        public string Finish()
        {
            Break(0, force: false);
            return _output.ToString().TrimEnd('\n');
        }
    }
}
