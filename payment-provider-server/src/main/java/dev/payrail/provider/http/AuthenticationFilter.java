package dev.payrail.provider.http;

import dev.payrail.payment.api.ErrorCode;
import dev.payrail.provider.auth.AuthenticationFailedException;
import dev.payrail.provider.auth.Authenticator;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets a request to the payment API through only if the {@link Authenticator} accepts its {@code Authorization}
 * header. The reason for a refusal goes to the log; the caller sees a bare {@code 401 unauthorized}.
 */
@Priority(Priorities.AUTHENTICATION)
public final class AuthenticationFilter implements ContainerRequestFilter {
    private static final Logger log = LoggerFactory.getLogger(AuthenticationFilter.class);

    private final Authenticator authenticator;

    public AuthenticationFilter(Authenticator authenticator) {
        this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
    }

    @Override
    public void filter(ContainerRequestContext request) {
        try {
            authenticator.authenticate(request.getHeaderString(HttpHeaders.AUTHORIZATION));
        } catch (AuthenticationFailedException e) {
            log.warn("refused {} /{}: {}", request.getMethod(), request.getUriInfo().getPath(), e.getMessage());
            request.abortWith(Problems.builder(ErrorCode.UNAUTHORIZED,
                            "a valid bearer token is required", null)
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"")
                    .build());
        }
    }
}
