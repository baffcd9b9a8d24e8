using System.Globalization;
using Egov.Platform.Text;

namespace Egov.Procedures.Search;

/// <summary>A procedure in force as the portal finds it: its current definition and the name of its field.</summary>
public sealed record SearchDocument(ProcedureDefinition Definition, string FieldName);

/// <summary>What a citizen asks for: words (any spelling), and filters by field, competent agency, online level, life event.</summary>
public sealed record FindQuery(string? Text = null, string? Field = null, string? Agency = null, OnlineLevel? OnlineLevel = null,
    string? LifeEvent = null);

/// <summary>A procedure found, with whether every word of the query matched (<see cref="AllWords"/>) and its score.</summary>
public sealed record ProcedureHit(string Code, string Name, string Field, string FieldName, ProcedureLevel Level, OnlineLevel OnlineLevel,
    double ProcessingHours, IReadOnlyList<string> Agencies, bool AllWords, double Score);

/// <summary>A value of a filter (a field, an agency reference, a life event) and how many procedures in force carry it.</summary>
public sealed record FacetCount(string Code, string Name, int Count);

/// <summary>
/// The procedures in force held in memory and searched in C#: a province has some hundreds, so scoring every one per
/// query costs microseconds and needs nothing from the database (no FTS, no trigram index, the same on SQLite and
/// PostgreSQL). Rules: text is folded and misspellings of a syllable normalised (<see cref="VietnameseText.SearchWords"/>);
/// each word of the query scores against the words of the name (exact, two words typed together, the start of a word,
/// one or two typing errors), then against the field's name; procedures where every word matched come first, then
/// those where at least half matched; within each, the whole query as a phrase of the name and a short name rank higher.
/// </summary>
public sealed class ProcedureSearchIndex
{
    /// <summary>Longer queries are refused: no procedure name is longer, and scoring grows with the words.</summary>
    public const int MaxQueryLength = 200;
    private const int MaxQueryWords = 12;
    private static readonly StringComparer NameOrder = StringComparer.Create(CultureInfo.GetCultureInfo("vi-VN"), false);

    /// <summary>Words people add around what they look for ("thủ tục", "làm", "xin", "ở đâu"): no harm when they match nothing.</summary>
    private static readonly HashSet<string> Filler = ["thu", "tuc", "lam", "cach", "muon", "xin", "can", "gi", "the", "nao", "nhu", "o", "dau", "toi", "ve"];

    /// <summary>A procedure with its name's words prepared once (folded words, their sound keys, adjacent pairs), not per query.</summary>
    private sealed record Entry(SearchDocument Document, string[] NameWords, string[] NameSounds, HashSet<string> NamePairs, string[] FieldWords, string PhraseKey);

    private readonly List<Entry> _entries;
    private readonly Dictionary<string, Entry> _byCode;

    public IReadOnlyList<LifeEvent> LifeEvents { get; }

    public ProcedureSearchIndex(IEnumerable<SearchDocument> documents, IReadOnlyList<LifeEvent> lifeEvents)
    {
        _entries = documents.Select(Index).OrderBy(e => e.Document.Definition.Name, NameOrder).ToList();
        _byCode = _entries.ToDictionary(e => e.Document.Definition.Code, StringComparer.Ordinal);
        LifeEvents = lifeEvents;
    }

    public int Count => _entries.Count;

    public SearchDocument? Find(string code) => _byCode.GetValueOrDefault(code)?.Document;

    private static Entry Index(SearchDocument d)
    {
        var name = VietnameseText.SearchWords(d.Definition.Name).ToArray();
        var pairs = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < name.Length; i++) pairs.Add(name[i] + name[i + 1]);
        return new Entry(d, name, name.Select(SoundKey).ToArray(), pairs, VietnameseText.SearchWords(d.FieldName).ToArray(), " " + string.Join(' ', name) + " ");
    }

    /// <summary>Every procedure that matches, best first (by name when there are no words).</summary>
    public IReadOnlyList<ProcedureHit> Search(FindQuery q)
    {
        var lifeEvent = q.LifeEvent is { Length: > 0 } code ? LifeEvents.FirstOrDefault(e => e.Code == code) : null;
        var candidates = _entries.Where(e => Passes(e.Document.Definition, q, lifeEvent, q.LifeEvent is { Length: > 0 }));
        var text = q.Text?.Trim() ?? "";
        var words = VietnameseText.SearchWords(text).Take(MaxQueryWords).ToArray();
        if (words.Length == 0) return candidates.Select(e => Hit(e, true, 0)).ToList();
        var sounds = words.Select(SoundKey).ToArray();

        var hits = new List<ProcedureHit>();
        foreach (var e in candidates)
        {
            if (LooksLikeCode(text) && e.Document.Definition.Code.Contains(text, StringComparison.OrdinalIgnoreCase))
            {
                hits.Add(Hit(e, true, 10));
                continue;
            }
            if (Score(e, words, sounds) is { } s) hits.Add(Hit(e, s.AllWords, s.Score));
        }
        return hits.OrderByDescending(h => h.AllWords).ThenByDescending(h => h.Score).ToList(); // stable: ties keep the name order
    }

    private static bool Passes(ProcedureDefinition d, FindQuery q, LifeEvent? lifeEvent, bool eventAsked) =>
        (string.IsNullOrEmpty(q.Field) || d.Field == q.Field)
        && (string.IsNullOrEmpty(q.Agency) || d.Agencies.Contains(q.Agency))
        && (q.OnlineLevel is not { } level || d.OnlineLevel == level)
        && (!eventAsked || lifeEvent?.Covers(d) == true);

    private static bool LooksLikeCode(string text) => text.Length >= 3 && text.Contains('.') && text.All(c => char.IsAsciiDigit(c) || c == '.' || char.IsAsciiLetterUpper(c));

    private static (bool AllWords, double Score)? Score(Entry e, string[] words, string[] sounds)
    {
        double sum = 0;
        int matched = 0, missing = 0;
        var usedNameWords = 0;
        for (var i = 0; i < words.Length; i++)
        {
            var (wordScore, covers) = WordScore(e, words[i], sounds[i], last: i == words.Length - 1);
            if (wordScore > 0)
            {
                matched++;
                sum += wordScore;
                usedNameWords += covers;
            }
            else if (!Filler.Contains(words[i])) missing++;
        }
        if (matched == 0) return null;
        var allWords = missing == 0;
        if (!allWords && matched * 2 < matched + missing) return null;
        var score = sum / (matched + missing);
        // The query as a phrase of the name: "khai sinh" in "Đăng ký khai sinh", first of all at its start.
        var phrase = " " + string.Join(' ', words.Where(w => !Filler.Contains(w) || e.NameWords.Contains(w))) + " ";
        if (phrase.Length > 2 && e.PhraseKey.Contains(phrase, StringComparison.Ordinal))
            score += e.PhraseKey.StartsWith(phrase, StringComparison.Ordinal) ? 0.75 : 0.5;
        // Of two names that match equally, the one that is mostly the query ("Đăng ký khai sinh" before "Đăng ký lại khai sinh").
        score += 0.3 * Math.Min(1, usedNameWords / (double)Math.Max(1, e.NameWords.Length));
        return (allWords, score);
    }

    /// <summary>How well one word of the query matches the procedure (0 = not at all), and how many name words it covers.</summary>
    private static (double Score, int Covers) WordScore(Entry e, string word, string sound, bool last)
    {
        if (Array.IndexOf(e.NameWords, word) >= 0) return (1, 1);
        if (word.Length >= 4 && e.NamePairs.Contains(word)) return (1, 2); // "dangky", "khaisinh"
        var best = 0.0;
        for (var k = 0; k < e.NameWords.Length; k++)
        {
            var w = e.NameWords[k];
            // The start of a word: while typing ("khai s"); one or two letters need the last word, others three.
            if (w.StartsWith(word, StringComparison.Ordinal) && (word.Length >= 3 || last)) best = Math.Max(best, 0.8);
            // Letters that sound alike in a region (s/x, tr/ch, d/gi/r, l/n, final n/ng, c/t): "xinh" for "sinh".
            else if (word.Length >= 2 && e.NameSounds[k] == sound) best = Math.Max(best, 0.7);
            // Typing errors. Syllables are short and many differ by one letter ("phép"/"pháp", "xây"/"xã"), so a short
            // word only forgives two swapped letters; longer ones one error, very long ones two.
            else if (word.Length >= 3 && Math.Abs(w.Length - word.Length) <= 2)
            {
                var distance = EditDistance(word, w, 2);
                if (distance == 1 && (word.Length >= 5 || IsSwap(word, w))) best = Math.Max(best, 0.6);
                else if (distance == 2 && word.Length >= 7) best = Math.Max(best, 0.4);
            }
        }
        if (best > 0) return (best, 1);
        if (Array.IndexOf(e.FieldWords, word) >= 0) return (0.5, 0);
        return (0, 0);
    }

    /// <summary>A folded syllable with the letters that regional accents confuse merged: x→s, tr→ch, gi/r→d, n→l, final ng→n, c→t.</summary>
    public static string SoundKey(string syllable)
    {
        var s = syllable;
        if (s.StartsWith("tr", StringComparison.Ordinal)) s = "ch" + s[2..];
        else if (s.StartsWith("gi", StringComparison.Ordinal) && s.Length > 2) s = "d" + s[2..];
        else if (s.Length > 0 && s[0] is 'x' or 'r' or 'n' && !s.StartsWith("ng", StringComparison.Ordinal) && !s.StartsWith("nh", StringComparison.Ordinal))
            s = (s[0] switch { 'x' => 's', 'r' => 'd', _ => 'l' }) + s[1..];
        if (s.EndsWith("ng", StringComparison.Ordinal) && s.Length > 2) s = s[..^1];
        else if (s.EndsWith('c') && !s.EndsWith("ch", StringComparison.Ordinal) && s.Length > 1) s = s[..^1] + "t";
        return s;
    }

    private static bool IsSwap(string a, string b)
    {
        if (a.Length != b.Length) return false;
        var i = 0;
        while (i < a.Length && a[i] == b[i]) i++;
        return i + 1 < a.Length && a[i] == b[i + 1] && a[i + 1] == b[i] && a.AsSpan(i + 2).SequenceEqual(b.AsSpan(i + 2));
    }

    /// <summary>Optimal string alignment distance (a swap of two neighbours counts as one error), or limit + 1 past it.</summary>
    public static int EditDistance(string a, string b, int limit)
    {
        if (Math.Abs(a.Length - b.Length) > limit) return limit + 1;
        // Three rows on the stack: this runs for many name words on every search.
        Span<int> rows = b.Length < 64 ? stackalloc int[3 * (b.Length + 1)] : new int[3 * (b.Length + 1)];
        var previous2 = rows[..(b.Length + 1)];
        var previous = rows.Slice(b.Length + 1, b.Length + 1);
        var current = rows.Slice(2 * (b.Length + 1), b.Length + 1);
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var rowMin = current[0];
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var d = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d = Math.Min(d, previous2[j - 2] + 1);
                current[j] = d;
                rowMin = Math.Min(rowMin, d);
            }
            if (rowMin > limit) return limit + 1;
            var oldest = previous2;
            previous2 = previous;
            previous = current;
            current = oldest;
        }
        return Math.Min(previous[b.Length], limit + 1);
    }

    private static ProcedureHit Hit(Entry e, bool allWords, double score)
    {
        var d = e.Document.Definition;
        return new ProcedureHit(d.Code, d.Name, d.Field, e.Document.FieldName, d.Level, d.OnlineLevel, d.ProcessingTime.Hours, d.Agencies, allWords,
            Math.Round(score, 3));
    }

    /// <summary>Fields that have procedures in force, with their counts, in the order of their names.</summary>
    public IReadOnlyList<FacetCount> Fields() => _entries.GroupBy(e => e.Document.Definition.Field)
        .Select(g => new FacetCount(g.Key, g.First().Document.FieldName, g.Count()))
        .OrderBy(f => f.Name, NameOrder).ToList();

    /// <summary>Competent agencies as the procedures name them ("every-commune", "department:justice"), with counts.</summary>
    public IReadOnlyList<(string Reference, int Count)> AgencyReferences() => _entries.SelectMany(e => e.Document.Definition.Agencies)
        .GroupBy(a => a).Select(g => (g.Key, g.Count())).OrderBy(a => a.Key, StringComparer.Ordinal).ToList();

    /// <summary>Life events that cover at least one procedure in force, with their counts.</summary>
    public IReadOnlyList<(LifeEvent Event, int Count)> Events() => LifeEvents
        .Select(ev => (ev, _entries.Count(e => ev.Covers(e.Document.Definition)))).Where(x => x.Item2 > 0).ToList();
}
