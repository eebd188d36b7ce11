package dev.payrail.payment.api;

import java.util.Objects;

/**
 * A wire value broke the contract. Carries the name of the offending field so that a server can answer
 * {@code 400 invalid_request} naming it, and a client can tell its caller which argument was wrong.
 */
public final class InvalidFieldException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String field;

    public InvalidFieldException(String field, String message) {
        super(message);
        this.field = Objects.requireNonNull(field, "field");
    }

    /** The name of the field as it appears on the wire, for example {@code amount}. */
    public String field() {
        return field;
    }
}
