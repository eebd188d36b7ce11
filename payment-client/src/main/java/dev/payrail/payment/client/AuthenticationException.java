package dev.payrail.payment.client;

/**
 * The provider refused the credentials, or the {@link TokenProvider} could not supply a token (then status
 * {@code 0} and code {@code token_unavailable}, and nothing was sent).
 *
 * <p>Status {@code 401}, code {@code unauthorized}. Not retried: the same token would be refused again; a token
 * provider that rotates its token serves the new one on the next call.
 */
public final class AuthenticationException extends PaymentException {
    private static final long serialVersionUID = 1L;

    /**
     * For tests and fakes; the client builds its own with the call's details.
     *
     * @param detail    what went wrong, for the message
     * @param requestId the provider's request id, or {@code null}
     */
    public AuthenticationException(String detail, String requestId) {
        this(detail, requestId, null);
    }

    AuthenticationException(String detail, String requestId, Diagnosis diagnosis) {
        super(detail, 401, "unauthorized", requestId, diagnosis, null);
    }

    /** The token provider failed: nothing was sent. */
    static AuthenticationException tokenUnavailable(RuntimeException failure, Diagnosis diagnosis) {
        return new AuthenticationException("token provider failed: " + failure, diagnosis, failure);
    }

    private AuthenticationException(String summary, Diagnosis diagnosis, Throwable cause) {
        super(summary, 0, "token_unavailable", null, diagnosis, cause);
    }
}
