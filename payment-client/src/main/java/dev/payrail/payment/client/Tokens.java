package dev.payrail.payment.client;

/** Checks shared by the token providers. */
final class Tokens {
    private Tokens() {
    }

    static String requireUsable(String token, String what) {
        if (token == null) {
            throw new IllegalArgumentException(what + " is null");
        }
        if (token.isBlank()) {
            throw new IllegalArgumentException(what + " is blank");
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                // A header value with a space, control character or non-ASCII character would be mangled or refused.
                throw new IllegalArgumentException(what + " must be printable ASCII without spaces; character " + i
                        + " is U+" + String.format("%04X", (int) c));
            }
        }
        return token;
    }
}
