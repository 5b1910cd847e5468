using System.Security.Cryptography;
using System.Text;
using Orchestrator.Core.Spec;

namespace Orchestrator.Core.Shapes;

/// <summary>
/// Personal data transformed during the copy, so the source value never reaches staging or the target. hash: hex
/// SHA-256 of salt + value (joins on the column still work); tokenize: "tok_" + 24 hex digits of an HMAC keyed by the
/// salt (deterministic, shorter); redact: a fixed text; null. The input is the value's binary COPY form (UTF-8 for text).
/// </summary>
public sealed class PiiShaper(PiiRule rule, byte[]? salt) : FieldShaper
{
    public const string Redacted = "[redacted]";

    public override Shaped Shape(byte[]? value)
    {
        if (value is null || rule.Transform == "null") return Shaped.Null;
        return new Shaped(Encoding.UTF8.GetBytes(Transform(value)));
    }

    public string Transform(byte[] value) => rule.Transform switch
    {
        "hash" => Convert.ToHexStringLower(SHA256.HashData([.. Salt, .. value])),
        "tokenize" => "tok_" + Convert.ToHexStringLower(HMACSHA256.HashData(Salt, value))[..24],
        _ => Redacted,
    };

    byte[] Salt => salt ?? throw new InvalidOperationException("pii hash and tokenize need a salt (configuration Secrets:PiiSalt)");
}
