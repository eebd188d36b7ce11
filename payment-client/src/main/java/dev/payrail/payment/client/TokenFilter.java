package dev.payrail.payment.client;

import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;

/** Adds {@code Authorization: Bearer <token>} to every request, asking the token provider each time. */
final class TokenFilter implements ClientRequestFilter {
    private final TokenProvider tokens;

    TokenFilter(TokenProvider tokens) {
        this.tokens = tokens;
    }

    @Override
    public void filter(ClientRequestContext request) {
        String token;
        try {
            token = Tokens.requireUsable(tokens.token(), "token");
        } catch (RuntimeException e) {
            // Jersey wraps whatever a filter throws; this marker lets the exchange tell it from a network failure.
            throw new TokenFailure(e);
        }
        request.getHeaders().putSingle(HttpHeaders.AUTHORIZATION, "Bearer " + token);
    }

    /** The token provider failed: the request was not sent. */
    static final class TokenFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TokenFailure(RuntimeException cause) {
            super(cause.getMessage(), cause, false, false);
        }
    }
}
