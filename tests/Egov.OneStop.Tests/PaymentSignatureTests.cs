using System.Text;
using Egov.OneStop.Payments;

namespace Egov.OneStop.Tests;

/// <summary>The notification's signature covers the timestamp and every byte of the body; the sandbox's secret counts only while it is on.</summary>
public class PaymentSignatureTests
{
    private static readonly byte[] Secret = Encoding.UTF8.GetBytes("0123456789abcdef-secret");
    private static readonly byte[] Body = """{"reference":"000.01.40.H56-261124-0001","amount":8000,"transactionId":"FT1"}"""u8.ToArray();

    [Fact]
    public void A_signature_verifies_only_for_the_same_secret_timestamp_and_body()
    {
        var sig = PaymentSignature.Sign(Secret, "1795000000", Body);
        Assert.Matches("^sha256=[0-9a-f]{64}$", sig);
        Assert.True(PaymentSignature.Verify(Secret, "1795000000", Body, sig));
        Assert.True(PaymentSignature.Verify(Secret, "1795000000", Body, sig[7..].ToUpperInvariant()));   // prefix optional, hex in any case
        Assert.False(PaymentSignature.Verify(Secret, "1795000001", Body, sig));
        var tampered = (byte[])Body.Clone();
        tampered[^3] ^= 1;
        Assert.False(PaymentSignature.Verify(Secret, "1795000000", tampered, sig));
        Assert.False(PaymentSignature.Verify(Encoding.UTF8.GetBytes("another-secret-0123456"), "1795000000", Body, sig));
        Assert.False(PaymentSignature.Verify(Secret, "1795000000", Body, null));
        Assert.False(PaymentSignature.Verify(Secret, "1795000000", Body, "sha256=zz"));
        Assert.False(PaymentSignature.Verify(Secret, "1795000000", Body, sig[..^1]));
    }

    [Fact]
    public void The_sandbox_secret_counts_only_while_the_sandbox_is_on_and_short_secrets_never()
    {
        var options = new PaymentOptions();
        options.Providers["sandbox"] = new PaymentProviderOptions { Secret = "dev-only-sandbox-secret" };
        options.Providers["napas"] = new PaymentProviderOptions { Secret = "short" };
        options.Providers["bank"] = new PaymentProviderOptions { Secret = "a-long-enough-bank-secret" };
        Assert.Null(options.SecretOf("sandbox"));
        options.Sandbox.Enabled = true;
        Assert.NotNull(options.SecretOf("sandbox"));
        Assert.Null(options.SecretOf("napas"));
        Assert.NotNull(options.SecretOf("bank"));
        Assert.Null(options.SecretOf("nobody"));
    }
}
