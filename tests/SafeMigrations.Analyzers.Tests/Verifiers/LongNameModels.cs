using Microsoft.EntityFrameworkCore;

namespace SafeMigrations.Analyzers.Tests.Verifiers;

public sealed class SubscriptionPlanDefinitionWithVeryLongName
{
    public int Id { get; set; }

    public string Name { get; set; } = "";

    public string PlanCodeForBillingSystemIntegration { get; set; } = "";
}

public sealed class CustomerNotificationPreferenceHistoryEntry
{
    public int Id { get; set; }

    public int SubscriptionPlanDefinitionWithVeryLongNameId { get; set; }

    public string ChannelIdentifierForNotificationDelivery { get; set; } = "";

    public string SecondaryChannelIdentifierForNotifications { get; set; } = "";
}

/// <summary>
/// A history whose conventional names (the key, the foreign key, the indexes, the alternate key) are longer than
/// PostgreSQL's 63 characters, and two of them longer than SQL Server's 128. EF cuts such a name to the limit and ends
/// it with <c>~</c>, and the Designer does not write the name it cut: the reader has to cut it the same way.
/// </summary>
public static class LongNameModels
{
    /// <summary>61 characters: its key's name, <c>PK_</c> and the table, is one too long for PostgreSQL.</summary>
    public const string EntriesTable = "CustomerNotificationPreferenceHistoryEntriesForTheAuditTrails";

    public static (string Name, Action<ModelBuilder> Model)[] History() => new[]
    {
        Models.Step("AddPlans", m => Plans(m)),
        Models.Step("AddEntries", m => Entries(m)),
        Models.Step("DropEntries", m => Plans(m)),
        Models.Step("AddEntriesAgain", m => Entries(m)),
        Models.Step("DropChannelIndex", m => Entries(m, channelIndex: false)),
        Models.Step("DropPlanLink", m => Entries(m, channelIndex: false, planLink: false)),
        Models.Step("DropPlanCodeKey", m => Entries(m, channelIndex: false, planLink: false, codeKey: false)),
    };

    private static void Plans(ModelBuilder model, bool codeKey = true) => model.Entity<SubscriptionPlanDefinitionWithVeryLongName>(b =>
    {
        if (codeKey)
        {
            b.HasAlternateKey(p => p.PlanCodeForBillingSystemIntegration);
        }
    });

    private static void Entries(ModelBuilder model, bool channelIndex = true, bool planLink = true, bool codeKey = true)
    {
        Plans(model, codeKey);
        model.Entity<CustomerNotificationPreferenceHistoryEntry>(b =>
        {
            b.ToTable(EntriesTable);
            if (planLink)
            {
                b.HasOne<SubscriptionPlanDefinitionWithVeryLongName>().WithMany().HasForeignKey(e => e.SubscriptionPlanDefinitionWithVeryLongNameId);
            }

            if (channelIndex)
            {
                b.HasIndex(e => new { e.ChannelIdentifierForNotificationDelivery, e.SecondaryChannelIdentifierForNotifications });
            }
        });
    }
}
