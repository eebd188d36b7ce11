package dev.payrail.provider.auth;

/** A request failed authentication. The message is for the server log only; callers see a bare 401. */
public final class AuthenticationFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AuthenticationFailedException(String reasonForLog) {
        super(reasonForLog, null, false, false);
    }

    public AuthenticationFailedException(String reasonForLog, Throwable cause) {
        super(reasonForLog, cause, false, false);
    }
}
