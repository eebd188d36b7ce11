package example;

import dev.payrail.payment.api.Charge;
import dev.payrail.payment.api.ChargeRequest;
import dev.payrail.payment.api.IdempotencyKey;
import dev.payrail.payment.client.PaymentClient;
import dev.payrail.payment.client.PaymentException;
import dev.payrail.payment.client.PaymentUnavailableException;
import dev.payrail.payment.client.TokenProvider;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Charges invoice 42 of customer 17 once, then asks the provider what happened under the same idempotency key.
 *
 * <pre>java example.ChargeOneInvoice http://127.0.0.1:9000 /path/to/token</pre>
 */
public final class ChargeOneInvoice {
    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: ChargeOneInvoice <provider-base-uri> <token-file>");
            System.exit(2);
        }
        IdempotencyKey key = IdempotencyKey.of("example-inv-42-1");   // invoice 42, first payment attempt
        try (PaymentClient payments = PaymentClient.builder()
                .baseUri(URI.create(args[0]))
                .tokenProvider(TokenProvider.fromFile(Path.of(args[1])))
                .build()) {
            Charge charge;
            try {
                charge = payments.charge(new ChargeRequest("17", "42", 18404, "USD"), key);
            } catch (PaymentUnavailableException unknownOutcome) {
                // The charge may or may not have been made: the key tells.
                charge = payments.findByIdempotencyKey(key).orElseThrow(() -> unknownOutcome);
            }
            System.out.println("charged invoice " + charge.invoiceId() + ": " + charge.status() + " " + charge.id()
                    + " (" + charge.amount() + " " + charge.currency() + ")"
                    + (charge.succeeded() ? "" : " declined: " + charge.declineCode()));

            Optional<Charge> byKey = payments.findByIdempotencyKey(key);
            System.out.println("lookup by idempotency key " + key + ": "
                    + (byKey.equals(Optional.of(charge)) ? "same charge" : "DIFFERENT: " + byKey));
            Charge again = payments.charge(new ChargeRequest("17", "42", 18404, "USD"), key);
            System.out.println("charging again with the same key: "
                    + (again.equals(charge) ? "same charge, nothing charged twice" : "DIFFERENT: " + again));
        } catch (PaymentException e) {
            System.err.println("payment failed: " + e.getMessage());
            System.exit(1);
        }
    }
}
