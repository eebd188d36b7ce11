package dev.payrail.provider.http;

import dev.payrail.payment.api.ErrorCode;
import dev.payrail.payment.api.PaymentHeaders;
import jakarta.annotation.Priority;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import java.util.List;

/**
 * Refuses a charge request that names its idempotency key more than once, as two {@code Idempotency-Key} header
 * lines or two {@code idempotencyKey} query parameters, with {@code 400 invalid_request} before the body is read.
 * Taking one of them would make retries depend on which one every hop in between keeps first.
 *
 * <p>One header line whose value contains a comma is one key: keys are any printable ASCII (commas included) and
 * are never split. An intermediary that folds two header lines into one comma-joined line therefore produces a key
 * of its own, the same one on every retry through it, so idempotency still holds.
 */
@Priority(Priorities.HEADER_DECORATOR)
public final class SingleIdempotencyKeyFilter implements ContainerRequestFilter {
    static final String QUERY_KEY = "idempotencyKey";

    @Override
    public void filter(ContainerRequestContext request) {
        if (HttpMethod.POST.equals(request.getMethod())) {
            refuseRepeated(request.getHeaders().get(PaymentHeaders.IDEMPOTENCY_KEY), PaymentHeaders.IDEMPOTENCY_KEY,
                    "header", request);
        } else {
            refuseRepeated(request.getUriInfo().getQueryParameters(false).get(QUERY_KEY), QUERY_KEY,
                    "query parameter", request);
        }
    }

    private static void refuseRepeated(List<String> values, String name, String what,
            ContainerRequestContext request) {
        if (values != null && values.size() > 1) {
            request.abortWith(Problems.response(ErrorCode.INVALID_REQUEST, "the " + name + " " + what
                    + " must appear once; the request has it " + values.size() + " times", name));
        }
    }
}
