package dev.payrail.provider.core;

import dev.payrail.payment.api.ChargeRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 helpers. */
final class Digests {
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(Digests::sha256);

    private Digests() {
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /**
     * The fingerprint that decides whether a repeated key carries "the same request": every field of the charge
     * request, unambiguously separated (identifiers cannot contain a newline).
     */
    static String fingerprint(ChargeRequest request) {
        String canonical = request.customerId() + '\n' + request.invoiceId() + '\n' + request.amount() + '\n'
                + request.currency();
        MessageDigest digest = SHA256.get();
        digest.reset();
        return HexFormat.of().formatHex(digest.digest(canonical.getBytes(StandardCharsets.US_ASCII)));
    }
}
