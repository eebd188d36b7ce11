package dev.payrail.provider.http;

import dev.payrail.payment.api.ErrorCode;
import dev.payrail.payment.api.PaymentHeaders;
import dev.payrail.payment.api.Problem;
import jakarta.ws.rs.core.Response;

/** Builds problem+json responses; the {@code requestId} is filled in by {@link dev.payrail.server.RequestIdFilter}. */
public final class Problems {
    private Problems() {
    }

    public static Response response(ErrorCode code, String detail, String field) {
        return builder(code, detail, field).build();
    }

    public static Response.ResponseBuilder builder(ErrorCode code, String detail, String field) {
        return Response.status(code.status())
                .type(PaymentHeaders.PROBLEM_JSON)
                .entity(Problem.of(code, detail, field, null));
    }
}
