namespace Orchestrator.Core.Sync;

/// <summary>
/// A batch's changes to one table reduced to one outcome per key, in the order keys were last touched: a full row to
/// upsert, the columns of an update to set on a row that keeps the rest (an unchanged TOASTed value), or a delete. A
/// truncate clears what came before it. Applying the outcomes is what applying the changes one by one would leave.
/// </summary>
public sealed class NetChanges(SyncTable table)
{
    public sealed class Outcome(string?[] key)
    {
        public string?[] Key { get; } = key;
        /// <summary>Null: delete. Otherwise the row, complete unless <see cref="Unchanged"/> marks columns to keep.</summary>
        public string?[]? Values { get; set; }
        public bool[]? Unchanged { get; set; }
        public bool IsPartial => Unchanged is not null && Unchanged.Any(u => u);
    }

    readonly Dictionary<KeyText, Outcome> _byKey = new();

    public SyncTable Table { get; } = table;
    public bool Truncated { get; private set; }
    public IEnumerable<Outcome> Outcomes => _byKey.Values;
    /// <summary>
    /// An update that moved a row to another key while keeping a value it did not send: only applying in order can carry it.
    /// </summary>
    public bool NeedsOrder { get; private set; }

    public void Add(RowChange change)
    {
        switch (change.Kind)
        {
            case ChangeKind.Truncate:
                _byKey.Clear();
                Truncated = true;
                return;
            case ChangeKind.Delete:
                Set(change.OldKey!).Values = null;
                return;
        }
        var values = change.Values!;
        if (change.OldKey is { } oldKey)
        {
            if (change.IsPartial) NeedsOrder = true;
            Set(oldKey).Values = null;
        }
        var key = Table.Key.Select(k => values[k]).ToArray();
        var had = _byKey.GetValueOrDefault(new KeyText(key));
        var outcome = Set(key);
        if (!change.IsPartial || had?.Values is null)
        {
            // A partial update of a key this batch deleted or never saw keeps the target's values of the unsent columns.
            (outcome.Values, outcome.Unchanged) = (values, change.IsPartial ? (bool[])change.Unchanged!.Clone() : null);
            return;
        }
        var merged = (string?[])had.Values.Clone();
        for (var i = 0; i < values.Length; i++)
            if (!change.Unchanged![i]) merged[i] = values[i];
        outcome.Values = merged;
        outcome.Unchanged = had.Unchanged is null ? null : had.Unchanged.Select((u, i) => u && change.Unchanged![i]).ToArray();
    }

    Outcome Set(string?[] key)
    {
        var text = new KeyText(key);
        // Re-adding moves the key to the end: outcomes keep the order of last touch.
        _byKey.Remove(text, out var existing);
        var outcome = existing ?? new Outcome(key);
        _byKey[text] = outcome;
        return outcome;
    }

    readonly record struct KeyText(string?[] Values)
    {
        public bool Equals(KeyText other) => Values.AsSpan().SequenceEqual(other.Values);
        public override int GetHashCode()
        {
            var hash = new HashCode();
            foreach (var v in Values) hash.Add(v);
            return hash.ToHashCode();
        }
    }
}
