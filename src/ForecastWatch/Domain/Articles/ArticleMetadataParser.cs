using System.Text.Json;
using System.Text.RegularExpressions;
using ForecastWatch.Domain.Dates;
using ForecastWatch.Domain.Predictions;

namespace ForecastWatch.Domain.Articles;

/// <summary>Parses and validates a <c>.meta.json</c> sidecar. Every defect is reported, none is thrown.</summary>
public static partial class ArticleMetadataParser
{
    private static readonly string[] Fields =
        ["id", "title", "outlet", "authors", "url", "language", "published", "dateNote", "notes", "sourceFile", "boilerplate"];

    private static readonly string[] BoilerplateFields = ["kind", "startLine", "endLine", "note"];

    public static ArticleMetadata? Parse(string json, string file, List<SeedError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException ex)
        {
            errors.Add(new SeedError(file, null, null, $"not valid JSON: {ex.Message}"));
            return null;
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                errors.Add(new SeedError(file, null, null, "must be a JSON object"));
                return null;
            }

            var before = errors.Count;
            var root = document.RootElement;
            var id = root.TryGetProperty("id", out var idElement) && idElement.ValueKind == JsonValueKind.String ? idElement.GetString()
                : null;
            var o = new StrictJsonObject(root, file, id, errors, Fields);
            id = o.String("id", required: true);
            if (id is not null && !IdPattern().IsMatch(id))
            {
                o.Error("id", $"'{id}' must be lowercase letters, digits and single hyphens");
            }

            var title = o.String("title", required: true);
            var outlet = o.String("outlet", required: true);
            var authors = o.Strings("authors");
            var url = o.String("url");
            if (url is not null && !Uri.TryCreate(url, UriKind.Absolute, out _))
            {
                o.Error("url", $"'{url}' is not an absolute URL");
            }

            var language = o.String("language", required: true);
            PartialDate? published = null;
            var publishedText = o.String("published");
            if (publishedText is not null)
            {
                if (PartialDate.TryParse(publishedText, out var date))
                {
                    published = date;
                }
                else
                {
                    o.Error("published", $"'{publishedText}' is not a date of the form YYYY, YYYY-Qn, YYYY-MM or YYYY-MM-DD");
                }
            }

            var dateNote = o.String("dateNote");
            if (published is not { Precision: DatePrecision.Day } && string.IsNullOrWhiteSpace(dateNote))
            {
                o.Error("dateNote", "is required when the publication date is missing or less precise than a day");
            }

            var boilerplate = new List<BoilerplateRange>();
            foreach (var element in o.Objects("boilerplate"))
            {
                var b = new StrictJsonObject(element, file, id, errors, BoilerplateFields);
                var kind = b.String("kind", required: true);
                var start = b.Integer("startLine", required: true);
                var end = b.Integer("endLine", required: true);
                var note = b.String("note");
                if (kind is not null && !BoilerplateRange.Kinds.Contains(kind))
                {
                    b.Error("boilerplate.kind", $"'{kind}' is not one of {string.Join(", ", BoilerplateRange.Kinds)}");
                }

                if (start is < 1 || end < start)
                {
                    b.Error("boilerplate.startLine", $"line range {start}-{end} is not a valid 1-based range");
                }
                else if (kind is not null && start is not null && end is not null)
                {
                    boilerplate.Add(new BoilerplateRange(kind, start.Value, end.Value, note));
                }
            }

            if (errors.Count > before)
            {
                return null;
            }

            return new ArticleMetadata(
                id!, title!, outlet!, authors, url, language!, published, dateNote, o.String("notes"), o.String("sourceFile"), boilerplate);
        }
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();
}
