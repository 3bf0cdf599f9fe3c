using ForecastWatch.Domain.Prompts;
using Microsoft.Extensions.Options;

namespace ForecastWatch.Mailing;

/// <summary>Who resolves what (section <c>ForecastWatch:Editors</c>).</summary>
public sealed class EditorsOptions
{
    public const string SectionName = "ForecastWatch:Editors";

    /// <summary>
    /// Asked when no editor covers a prediction, and told when no chief does. <value>Default:
    /// <c>desk@example.test</c>.</value>
    /// </summary>
    public string DefaultDesk { get; set; } = "desk@example.test";

    /// <summary>Editors and the outlets/tags they cover. <value>Default: none.</value></summary>
    public List<EditorEntry> Editors { get; set; } = [];

    /// <summary>Desk chiefs who receive escalations for their outlets/tags. <value>Default: none.</value></summary>
    public List<EditorEntry> Chiefs { get; set; } = [];

    internal PromptRouting ToRouting() => new(
        Editors.Select(static e => e.ToContact()).ToList(),
        Chiefs.Select(static e => e.ToContact()).ToList(),
        MailAddressText.Extract(DefaultDesk) ?? DefaultDesk);
}

/// <summary>One editor or chief.</summary>
public sealed class EditorEntry
{
    /// <summary>Display name used in greetings. <value>Default: empty.</value></summary>
    public string Name { get; set; } = "";

    /// <summary>Email address (required).</summary>
    public string Address { get; set; } = "";

    /// <summary>Outlets covered (case-insensitive). <value>Default: none.</value></summary>
    public List<string> Outlets { get; set; } = [];

    /// <summary>Tags covered (case-insensitive). <value>Default: none.</value></summary>
    public List<string> Tags { get; set; } = [];

    internal PromptContact ToContact() => new(Name, MailAddressText.Extract(Address) ?? Address, Outlets, Tags);
}

internal sealed class EditorsOptionsValidator : IValidateOptions<EditorsOptions>
{
    public ValidateOptionsResult Validate(string? name, EditorsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string p = EditorsOptions.SectionName + ":";
        var errors = new List<string>();
        OptionsChecks.Address(errors, p + "DefaultDesk", options.DefaultDesk);
        Check(errors, p + "Editors", options.Editors);
        Check(errors, p + "Chiefs", options.Chiefs);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Check(List<string> errors, string key, List<EditorEntry> entries)
    {
        for (var i = 0; i < entries.Count; i++)
        {
            OptionsChecks.Address(errors, $"{key}:{i}:Address", entries[i].Address);
            if (entries[i].Outlets.Count == 0 && entries[i].Tags.Count == 0)
            {
                errors.Add($"{key}:{i} ({entries[i].Address}) covers no Outlets and no Tags.");
            }
        }
    }
}
