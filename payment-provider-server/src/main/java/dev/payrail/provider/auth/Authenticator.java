package dev.payrail.provider.auth;

/**
 * Decides whether a request to the payment API may proceed. The request filter on {@code /v1/*} calls it with the
 * raw {@code Authorization} header and answers {@code 401 unauthorized} when it throws.
 */
@FunctionalInterface
public interface Authenticator {

    /**
     * Returns normally when the caller proved who it is.
     *
     * @param authorizationHeader the raw header value, {@code null} when absent
     * @throws AuthenticationFailedException with the reason, which goes to the server log and never to the caller
     */
    void authenticate(String authorizationHeader);

    /** Lets every request through: only for an explicit {@code AUTH_DISABLED=true}. */
    static Authenticator disabled() {
        return header -> { };
    }
}
