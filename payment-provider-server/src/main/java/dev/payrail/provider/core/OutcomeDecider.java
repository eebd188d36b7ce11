package dev.payrail.provider.core;

import dev.payrail.payment.api.IdempotencyKey;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * Decides whether a new charge succeeds. The draw is a pure function of (seed, idempotency key): SHA-256 of the
 * seed's eight big-endian bytes followed by the key's bytes; the first 53 bits give a uniform number in [0, 1) that
 * is compared with the success rate, the next eight bytes pick the decline code. So with a fixed {@code RANDOM_SEED}
 * the same key always gets the same outcome, whatever the order or concurrency of requests, on every replica.
 */
public final class OutcomeDecider {
    /** The decline codes a declined charge carries, chosen uniformly. */
    public static final List<String> DECLINE_CODES =
            List.of("insufficient_funds", "card_declined", "do_not_honor", "expired_card");

    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(Digests::sha256);

    private final double successRate;
    private final long seed;

    public OutcomeDecider(double successRate, long seed) {
        if (!(successRate >= 0 && successRate <= 1)) {
            throw new IllegalArgumentException("successRate must be from 0 to 1, was " + successRate);
        }
        this.successRate = successRate;
        this.seed = seed;
    }

    /** The decline code for a declined charge, or {@code null} when the charge succeeds. */
    public String declineCodeFor(IdempotencyKey key) {
        MessageDigest digest = SHA256.get();
        digest.reset();
        digest.update(ByteBuffer.allocate(Long.BYTES).putLong(seed).array());
        digest.update(key.value().getBytes(StandardCharsets.US_ASCII));
        ByteBuffer hash = ByteBuffer.wrap(digest.digest());
        double draw = (hash.getLong() >>> 11) * 0x1.0p-53;
        if (draw < successRate) {
            return null;
        }
        return DECLINE_CODES.get((int) Long.remainderUnsigned(hash.getLong(), DECLINE_CODES.size()));
    }
}
