package dev.payrail.invoice.resources;

import dev.payrail.payment.api.ErrorCode;
import jakarta.annotation.Priority;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * With {@code ADMIN_TOKEN} set, every {@code POST} (paying invoices, starting payment runs: operator actions) needs
 * {@code Authorization: Bearer <ADMIN_TOKEN>}; reads and health stay open. The comparison takes the same time
 * whatever the token sent, so it tells an attacker nothing about how much of it was right.
 */
@Priority(Priorities.AUTHENTICATION)
public final class AdminTokenFilter implements ContainerRequestFilter {
    private static final Logger log = LoggerFactory.getLogger(AdminTokenFilter.class);

    private final byte[] expected;

    public AdminTokenFilter(String adminToken) {
        Objects.requireNonNull(adminToken, "adminToken");
        this.expected = ("Bearer " + adminToken).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (!HttpMethod.POST.equals(request.getMethod())) {
            return;
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        byte[] presented = header == null ? new byte[0] : header.getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(expected, presented)) {
            log.warn("admin_token_refused method=POST path=/{} reason={}", request.getUriInfo().getPath(),
                    header == null ? "missing" : "mismatch");
            request.abortWith(Response.fromResponse(ProblemMappers.problem(401, ErrorCode.UNAUTHORIZED.code(),
                            ErrorCode.UNAUTHORIZED.title(), "this operation needs the operator's bearer token", null))
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build());
        }
    }
}
