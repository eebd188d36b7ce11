package dev.payrail.provider.auth.jwt;

/** Authentication is misconfigured. The message is one plain line naming the variable and its value. */
public final class AuthConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AuthConfigException(String message) {
        super(message, null, false, false);
    }
}
