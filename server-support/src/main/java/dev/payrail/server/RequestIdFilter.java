package dev.payrail.server;

import dev.payrail.payment.api.PaymentHeaders;
import dev.payrail.payment.api.Problem;
import jakarta.annotation.Priority;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import org.slf4j.MDC;

/**
 * Gives every request an id: the {@code Request-Id} response header, the {@code requestId} of every problem body,
 * and the {@code requestId} of every log line written while the request is processed.
 */
@PreMatching
@Priority(100)
public final class RequestIdFilter implements ContainerRequestFilter, ContainerResponseFilter {
    /** The request property holding the id. */
    public static final String PROPERTY = "payrail.requestId";
    private static final String MDC_KEY = "requestId";

    @Override
    public void filter(ContainerRequestContext request) {
        String id = RequestIds.newId();
        request.setProperty(PROPERTY, id);
        MDC.put(MDC_KEY, id);
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        Object id = request.getProperty(PROPERTY);
        String requestId = id == null ? RequestIds.newId() : id.toString();
        response.getHeaders().putSingle(PaymentHeaders.REQUEST_ID, requestId);
        if (response.getEntity() instanceof Problem problem && problem.requestId() == null) {
            response.setEntity(new Problem(problem.type(), problem.title(), problem.status(), problem.detail(),
                    problem.code(), problem.field(), requestId));
        }
        MDC.remove(MDC_KEY);
    }
}
