package dev.payrail.payment.api;

/**
 * The value of the {@code Idempotency-Key} header: 1 to 255 printable ASCII characters, without leading or
 * trailing spaces (HTTP would strip them, so two keys would collide).
 *
 * @param value the key as sent on the wire
 */
public record IdempotencyKey(String value) {
    /** The longest key the provider stores. */
    public static final int MAX_LENGTH = 255;
    /** The rule below as one anchored pattern (ECMA 262 and Java), for the OpenAPI document. */
    public static final String PATTERN = "^[\\x21-\\x7e]([\\x20-\\x7e]{0,253}[\\x21-\\x7e])?$";

    public IdempotencyKey {
        if (value == null || value.isEmpty()) {
            throw new InvalidFieldException(PaymentHeaders.IDEMPOTENCY_KEY,
                    PaymentHeaders.IDEMPOTENCY_KEY + " header is required");
        }
        if (value.length() > MAX_LENGTH) {
            throw new InvalidFieldException(PaymentHeaders.IDEMPOTENCY_KEY, PaymentHeaders.IDEMPOTENCY_KEY
                    + " must be at most " + MAX_LENGTH + " characters, was " + value.length());
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                throw new InvalidFieldException(PaymentHeaders.IDEMPOTENCY_KEY, PaymentHeaders.IDEMPOTENCY_KEY
                        + " must be printable ASCII; character " + i + " is U+" + String.format("%04X", (int) c));
            }
        }
        if (value.charAt(0) == ' ' || value.charAt(value.length() - 1) == ' ') {
            throw new InvalidFieldException(PaymentHeaders.IDEMPOTENCY_KEY,
                    PaymentHeaders.IDEMPOTENCY_KEY + " must not start or end with a space");
        }
    }

    public static IdempotencyKey of(String value) {
        return new IdempotencyKey(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
