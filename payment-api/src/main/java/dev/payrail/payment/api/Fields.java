package dev.payrail.payment.api;

import java.util.regex.Pattern;

/** Validation shared by the wire records. */
final class Fields {
    /** Customer and invoice ids on the wire (anchored, so the OpenAPI document can carry it as is). */
    static final String IDENTIFIER_PATTERN = "^[A-Za-z0-9._:-]{1,64}$";
    static final String IDENTIFIER_DESCRIPTION = "1 to 64 characters of A-Z, a-z, 0-9, '.', '_', ':' or '-'";
    private static final Pattern IDENTIFIER = Pattern.compile(IDENTIFIER_PATTERN);

    private Fields() {
    }

    static String identifier(String field, String value) {
        if (value == null) {
            throw new InvalidFieldException(field, field + " is required");
        }
        if (!IDENTIFIER.matcher(value).matches()) {
            throw new InvalidFieldException(field, field
                    + " must be 1 to 64 characters of A-Z, a-z, 0-9, '.', '_', ':' or '-' (length " + value.length() + ")");
        }
        return value;
    }

    static <T> T required(String field, T value) {
        if (value == null) {
            throw new InvalidFieldException(field, field + " is required");
        }
        return value;
    }
}
