using System.Text;
using Orchestrator.Core.Catalog;
using Orchestrator.Core.Target;

namespace Orchestrator.Core.SchemaConversion;

/// <summary>
/// Renames identifiers inside PostgreSQL definition text (constraints, indexes, defaults, partition keys) when
/// tables or columns get new target names. It reads tokens, never guesses with string replacement: string literals
/// are kept (except a '...'::regclass name, which is a relation), a word followed by '(' is a function, a word after
/// '::' is a type, a qualified name is a table, and the parenthesised list after a referenced table takes that table's
/// columns. Bare words with an upper-case letter are keywords: PostgreSQL prints identifiers unquoted only in lower
/// case, and our own SQL Server and Oracle definitions quote every identifier.
/// </summary>
public static class DefinitionRewriter
{
    static readonly HashSet<string> Reserved = new(StringComparer.Ordinal)
    {
        "true", "false", "null", "and", "or", "not", "is", "in", "between", "like", "ilike", "case", "when", "then", "else", "end",
        "asc", "desc", "any", "all", "some", "array", "distinct", "from", "as", "collate", "using", "only", "nulls", "first", "last",
    };

    /// <summary>
    /// A clause (PRIMARY KEY (...), FOREIGN KEY ... REFERENCES ..., CHECK (...), RANGE (...)): columns are renamed inside parentheses.
    /// </summary>
    public static string Clause(string sql, TableName owner, NameMap map) => Rewrite(sql, owner, map, columnsAtTopLevel: false);

    /// <summary>An expression (a default, a generation expression, an index predicate): every column reference is renamed.</summary>
    public static string Expression(string sql, TableName owner, NameMap map) => Rewrite(sql, owner, map, columnsAtTopLevel: true);

    /// <summary>
    /// A CREATE INDEX statement: its own name replaced, the table and key columns renamed, the WHERE predicate as an expression.
    /// </summary>
    public static string Index(string sql, string newName, TableName owner, NameMap map)
    {
        var tokens = Tokenize(sql);
        var where = tokens.FindIndex(t => t.Kind == Kind.Word && t.Text == "WHERE" && t.Depth == 0);
        var head = string.Concat(tokens.Take(where < 0 ? tokens.Count : where).Select(t => t.Text));
        var tail = where < 0 ? "" : string.Concat(tokens.Skip(where + 1).Select(t => t.Text));
        var headTokens = Tokenize(Clause(head, owner, map));
        // CREATE [UNIQUE] INDEX [CONCURRENTLY] [IF NOT EXISTS] name ON ...
        var on = headTokens.FindIndex(t => t.Kind == Kind.Word && t.Text == "ON");
        var nameAt = on < 0 ? -1 : headTokens.FindLastIndex(on - 1, t => t.Kind is Kind.Word or Kind.Quoted);
        if (nameAt >= 0 && Name(headTokens[nameAt]) != newName)
            headTokens[nameAt] = headTokens[nameAt] with { Text = PgSql.Ident(newName) };
        var result = string.Concat(headTokens.Select(t => t.Text));
        return where < 0 ? result : result + "WHERE" + Expression(tail, owner, map);
    }

    enum Kind { Space, Word, Quoted, String, Punct, Other }

    sealed record Token(Kind Kind, string Text, int Depth);

    static string Rewrite(string sql, TableName owner, NameMap map, bool columnsAtTopLevel)
    {
        var tokens = Tokenize(sql);
        var output = new StringBuilder(sql.Length);
        // Each open parenthesis gets the column map of its list: the owner's, or a referenced table's.
        var scopes = new Stack<IReadOnlyDictionary<string, string>>();
        scopes.Push(map.ColumnsOf(owner));
        IReadOnlyDictionary<string, string>? referenced = null;
        for (var i = 0; i < tokens.Count; i++)
        {
            var t = tokens[i];
            switch (t.Kind)
            {
                case Kind.Punct when t.Text == "(":
                    scopes.Push(referenced ?? scopes.Peek());
                    referenced = null;
                    output.Append(t.Text);
                    continue;
                case Kind.Punct when t.Text == ")":
                    if (scopes.Count > 1) scopes.Pop();
                    output.Append(t.Text);
                    continue;
                case Kind.String when Next(tokens, i) is { } cast && tokens[cast].Text == "::" && Next(tokens, cast) is { } type
                    && tokens[type].Text == "regclass":
                    output.Append(Regclass(t.Text, map));
                    continue;
                case Kind.Word or Kind.Quoted:
                    if (i > 0 && Previous(tokens, i) is { } before && tokens[before].Text == "::") break; // a type
                    if (Next(tokens, i) is { } dot && tokens[dot].Text == "." && Next(tokens, dot) is { } second
                        && tokens[second].Kind is Kind.Word or Kind.Quoted)
                    {
                        var source = new TableName(Name(t), Name(tokens[second]));
                        var target = map.Tables.GetValueOrDefault(source);
                        output.Append(target is null || target == source
                            ? string.Concat(tokens.Skip(i).Take(second - i + 1).Select(x => x.Text)) : PgSql.Table(target));
                        if (target is not null && Next(tokens, second) is { } open && tokens[open].Text == "(")
                            referenced = map.ColumnsOf(source);
                        i = second;
                        continue;
                    }
                    if (Next(tokens, i) is { } call && tokens[call].Text == "(") break; // a function
                    if (t.Kind == Kind.Word && (t.Text.Any(char.IsUpper) || Reserved.Contains(t.Text))) break; // a keyword
                    if ((columnsAtTopLevel || t.Depth > 0) && scopes.Peek().TryGetValue(Name(t), out var column) && column != Name(t))
                    {
                        output.Append(PgSql.Ident(column));
                        continue;
                    }
                    break;
            }
            output.Append(t.Text);
        }
        return output.ToString();
    }

    // 'schema.name'::regclass names a relation (sequences in nextval defaults); an unqualified one is left alone.
    static string Regclass(string literal, NameMap map)
    {
        var inner = literal[1..^1].Replace("''", "'", StringComparison.Ordinal);
        var parts = Tokenize(inner).Where(x => x.Kind is Kind.Word or Kind.Quoted).ToList();
        if (parts.Count != 2) return literal;
        var source = new TableName(Name(parts[0]), Name(parts[1]));
        var target = map.Sequences.GetValueOrDefault(source) ?? map.Tables.GetValueOrDefault(source);
        return target is null || target == source ? literal : PgSql.Literal(PgSql.Table(target));
    }

    // A bare word means its lower-case form (PostgreSQL folds unquoted names); a quoted one means itself.
    static string Name(Token t)
        => t.Kind == Kind.Quoted ? t.Text[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal) : t.Text.ToLowerInvariant();

    static int? Next(List<Token> tokens, int i)
    {
        for (var j = i + 1; j < tokens.Count; j++) if (tokens[j].Kind != Kind.Space) return j;
        return null;
    }

    static int? Previous(List<Token> tokens, int i)
    {
        for (var j = i - 1; j >= 0; j--) if (tokens[j].Kind != Kind.Space) return j;
        return null;
    }

    static List<Token> Tokenize(string sql)
    {
        var tokens = new List<Token>();
        var depth = 0;
        var i = 0;
        while (i < sql.Length)
        {
            var start = i;
            var ch = sql[i];
            Kind kind;
            if (char.IsWhiteSpace(ch)) { while (i < sql.Length && char.IsWhiteSpace(sql[i])) i++; kind = Kind.Space; }
            else if (ch == '"' || ch == '\'')
            {
                i++;
                while (i < sql.Length && !(sql[i] == ch && (i + 1 >= sql.Length || sql[i + 1] != ch))) i += sql[i] == ch ? 2 : 1;
                i = Math.Min(i + 1, sql.Length);
                kind = ch == '"' ? Kind.Quoted : Kind.String;
            }
            else if (char.IsLetter(ch) || ch == '_')
            {
                while (i < sql.Length && (char.IsLetterOrDigit(sql[i]) || sql[i] is '_' or '$')) i++;
                kind = Kind.Word;
            }
            else if (ch == ':' && i + 1 < sql.Length && sql[i + 1] == ':') { i += 2; kind = Kind.Punct; }
            else if (ch is '(' or ')' or '.' or ',') { i++; kind = Kind.Punct; }
            else if (char.IsDigit(ch)) { while (i < sql.Length && (char.IsLetterOrDigit(sql[i]) || sql[i] == '.')) i++; kind = Kind.Other; }
            else { i++; kind = Kind.Other; }
            var text = sql[start..i];
            if (text == ")") depth--;
            tokens.Add(new Token(kind, text, Math.Max(depth, 0)));
            if (text == "(") depth++;
        }
        return tokens;
    }
}
