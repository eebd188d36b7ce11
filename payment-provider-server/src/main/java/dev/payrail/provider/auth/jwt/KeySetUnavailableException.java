package dev.payrail.provider.auth.jwt;

/** No JWK Set could be loaded at all; requests are refused until one can. */
final class KeySetUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    KeySetUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
