package dev.payrail.invoice.resources;

import dev.payrail.payment.api.PaymentHeaders;
import dev.payrail.payment.api.Problem;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import java.util.concurrent.ThreadLocalRandom;

/** Gives every request a {@code Request-Id}, answered as a header and inside problem bodies. */
@PreMatching
public final class RequestIdFilter implements ContainerRequestFilter, ContainerResponseFilter {
    private static final String PROPERTY = "dev.payrail.invoice.requestId";

    @Override
    public void filter(ContainerRequestContext request) {
        request.setProperty(PROPERTY, newId());
    }

    /** A fresh id, also for answers given before Jersey sees the request ({@link RequestTargetGuard}). */
    static String newId() {
        return "req_" + Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        Object id = request.getProperty(PROPERTY);
        if (id == null) {
            return;
        }
        String requestId = id.toString();
        response.getHeaders().putSingle(PaymentHeaders.REQUEST_ID, requestId);
        if (response.getEntity() instanceof Problem p && p.requestId() == null) {
            response.setEntity(new Problem(p.type(), p.title(), p.status(), p.detail(), p.code(), p.field(), requestId));
        }
    }
}
