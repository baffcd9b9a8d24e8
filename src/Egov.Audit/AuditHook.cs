using System.Text.Json;
using Egov.Platform.Access;
using Egov.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Egov.Audit;

/// <summary>
/// Turns every change in a save into audit entries and links all new entries into the chain, inside the
/// save's transaction: the change and its record are committed together or not at all.
/// </summary>
public sealed class AuditHook(ICallerContext caller, TimeProvider clock) : ISaveChangesHook
{
    /// <summary>Secrets are never copied into the audit trail; the entry only says that they changed.</summary>
    private static readonly HashSet<string> Redacted =
        ["PasswordHash", "SecurityStamp", "ConcurrencyStamp", "Value", "SecretHash", "Xml", "AuthenticatorKey",
         // Applicants' personal data (one-stop dossiers): the trail records that it changed, not what it is.
         "ApplicantName", "ApplicantSearchName", "ApplicantIdNumber", "ApplicantPhone", "ApplicantEmail",
         // … and their addresses (dossiers and the portal's drafts).
         "ApplicantAddress", "PostalAddress", "PostalRecipientName", "PostalPhone", "PostalCommune", "PostalCommuneCode", "PostalCommuneName",
         // … and where a citizen wants to be notified (e-mail address, phone), and what the outbox sends to them.
         "NotifyEmail", "NotifyPhone", "Recipient", "MessageBody",
         // … and the contact left with a feedback about a procedure (an e-mail address or phone number).
         "Contact",
         // Uploaded files: their SHA-256 is recorded, not megabytes of content.
         "Content"];

    // The outbox and the development SMS sink are delivery plumbing: the change that queued a message is audited itself.
    private static readonly HashSet<string> NotAudited = ["DataProtectionKey", "OutboundMessage", "DevSmsMessage"];

    // Any constant: all writers of the chain take the same PostgreSQL advisory lock.
    private const long ChainLockKey = 0x45474F5641554454; // "EGOVAUDT"

    public async Task BeforeSaveAsync(EgovDbContext db, CancellationToken ct)
    {
        // The context has just detected the changes (EgovDbContext.SaveWithHooksAsync).
        var now = AuditChain.Now(clock);
        var fresh = new List<AuditEntry>();
        var bulk = new Dictionary<string, int[]>();
        var wholes = new Dictionary<(string Type, string Id), (AuditEntry Entry, Dictionary<string, object?> Values)>();
        var parts = new List<(string WholeType, string WholeId, string Type, Dictionary<string, object?> Values)>();
        foreach (var entry in db.ChangeTracker.Entries().ToList())
        {
            if (entry.Entity is AuditEntry || entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted)) continue;
            var type = entry.Metadata.ClrType.Name;
            if (NotAudited.Contains(type)) continue;
            if (entry.Entity is IAuditedInBulk)
            {
                var counts = bulk.TryGetValue(type, out var c) ? c : bulk[type] = new int[3];
                counts[entry.State == EntityState.Added ? 0 : entry.State == EntityState.Modified ? 1 : 2]++;
                continue;
            }
            var values = Describe(entry);
            if (entry.Entity is IAuditedAsPartOf part)
            {
                if (entry.State == EntityState.Deleted) (values ??= [])["deleted"] = KeyOf(entry);
                if (values is not null) parts.Add((part.AuditedWholeType, part.AuditedWholeId, type, values));
                continue;
            }
            var action = entry.State switch
            {
                EntityState.Added => AuditActions.Create,
                EntityState.Deleted => AuditActions.Delete,
                _ => AuditActions.Update,
            };
            var audited = new AuditEntry { At = now, Actor = caller.Actor, Action = action, EntityType = type, EntityId = KeyOf(entry) };
            wholes[(type, audited.EntityId)] = (audited, values ?? []);
            fresh.Add(audited);
        }
        // Parts go into their whole's entry; a whole that did not change itself gets an update entry listing them.
        foreach (var (wholeType, wholeId, type, values) in parts)
        {
            if (!wholes.TryGetValue((wholeType, wholeId), out var whole))
            {
                whole = (new AuditEntry { At = now, Actor = caller.Actor, Action = AuditActions.Update, EntityType = wholeType, EntityId = wholeId }, []);
                wholes[(wholeType, wholeId)] = whole;
                fresh.Add(whole.Entry);
            }
            var list = whole.Values.TryGetValue(type, out var l) && l is List<Dictionary<string, object?>> existing ? existing : [];
            list.Add(values);
            whole.Values[type] = list;
        }
        foreach (var (_, (entry, values)) in wholes)
            entry.Details = values.Count == 0 ? null : AuditJson.Serialize(values);
        fresh.RemoveAll(e => e.Action == AuditActions.Update && e.Details is null);
        foreach (var (type, c) in bulk)
            fresh.Add(new AuditEntry
            {
                At = now, Actor = caller.Actor, Action = AuditActions.Bulk, EntityType = type, EntityId = "*",
                Details = JsonSerializer.Serialize(new { added = c[0], updated = c[1], deleted = c[2] }),
            });

        var pending = db.ChangeTracker.Entries<AuditEntry>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
        if (fresh.Count == 0 && pending.Count == 0) return;

        if (db.Provider == DatabaseProvider.PostgreSql)
            await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({ChainLockKey})", ct);
        // SQLite: the save runs in an IMMEDIATE transaction, which already makes this the only writer.

        long sequence = 0;
        var previous = AuditChain.Genesis;
        await using (var tail = db.TransactionCommand("""SELECT "Sequence", "Hash" FROM audit_entries ORDER BY "Sequence" DESC LIMIT 1"""))
        await using (var reader = await tail.ExecuteReaderAsync(ct))
            if (await reader.ReadAsync(ct)) (sequence, previous) = (reader.GetInt64(0), reader.GetString(1));
        foreach (var e in pending.Concat(fresh))
        {
            // Tracked entries through the change tracker: the sequence is their key, and changes are not scanned for again.
            if (pending.Contains(e)) db.Entry(e).Property(x => x.Sequence).CurrentValue = ++sequence;
            else e.Sequence = ++sequence;
            e.PreviousHash = previous;
            e.Hash = previous = AuditChain.ComputeHash(e);
        }
        await InsertAsync(db, fresh, ct);
    }

    /// <summary>
    /// The hook's own entries go in as one plain INSERT in the save's transaction, not through the change tracker: it
    /// runs on every save, on the database's single writer turn, where EF Core's tracking and batching of these rows
    /// cost more than writing them.
    /// </summary>
    private static async Task InsertAsync(EgovDbContext db, List<AuditEntry> entries, CancellationToken ct)
    {
        if (entries.Count == 0) return;
        const int Columns = 9;
        var sql = new System.Text.StringBuilder(
            "INSERT INTO audit_entries (\"Sequence\", \"At\", \"Actor\", \"Action\", \"EntityType\", \"EntityId\", \"Details\", \"PreviousHash\", \"Hash\") VALUES ");
        var parameters = new object[entries.Count * Columns];
        for (var i = 0; i < entries.Count; i++)
        {
            var e = entries[i];
            var n = i * Columns;
            sql.Append(i == 0 ? "(" : ", (").AppendJoin(", ", Enumerable.Range(n, Columns).Select(k => $"@p{k}")).Append(')');
            object[] row = [e.Sequence, e.At, e.Actor, e.Action, e.EntityType, e.EntityId, (object?)e.Details ?? DBNull.Value, e.PreviousHash, e.Hash];
            row.CopyTo(parameters, n);
        }
        await using var insert = db.TransactionCommand(sql.ToString(), parameters);
        await insert.ExecuteNonQueryAsync(ct);
    }

    private static string KeyOf(EntityEntry entry)
    {
        var key = entry.Metadata.FindPrimaryKey();
        if (key is null) return "?";
        return string.Join(",", key.Properties.Select(p =>
        {
            var prop = entry.Property(p.Name);
            return prop.IsTemporary ? "new" : Convert.ToString(prop.CurrentValue, System.Globalization.CultureInfo.InvariantCulture) ?? "";
        }));
    }

    private static Dictionary<string, object?>? Describe(EntityEntry entry)
    {
        var values = new Dictionary<string, object?>();
        foreach (var p in entry.Properties)
        {
            var name = p.Metadata.Name;
            if (p.Metadata.IsShadowProperty() && !p.Metadata.IsForeignKey()) continue;
            switch (entry.State)
            {
                case EntityState.Added:
                    values[name] = Redacted.Contains(name) ? (p.CurrentValue is null ? null : "***") : p.CurrentValue;
                    break;
                case EntityState.Modified when p.IsModified && !Equals(p.OriginalValue, p.CurrentValue):
                    values[name] = Redacted.Contains(name) ? "*** changed" : new[] { p.OriginalValue, p.CurrentValue };
                    break;
            }
        }
        if (entry.State == EntityState.Deleted) return null;
        return values.Count == 0 ? null : values;
    }
}
