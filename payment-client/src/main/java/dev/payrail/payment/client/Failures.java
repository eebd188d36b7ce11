package dev.payrail.payment.client;

import dev.payrail.payment.api.ErrorCode;

/** Turns the last failed attempt of a call into the exception of the family that names it. */
final class Failures {
    static final String UNAVAILABLE = "payment-provider unavailable";

    private Failures() {
    }

    static PaymentException toException(Outcome.Failure<?> failure, Diagnosis diagnosis) {
        return switch (failure.kind()) {
            case TOKEN -> AuthenticationException.tokenUnavailable((RuntimeException) failure.cause(), diagnosis);
            case TRANSPORT -> new PaymentUnavailableException(0, failure.code(), UNAVAILABLE, null,
                    diagnosis.withReason(failure.detail()), failure.cause());
            case UNREADABLE -> new PaymentUnavailableException(failure.status(), failure.code(),
                    "unreadable response from payment-provider", failure.requestId(),
                    diagnosis.withReason(failure.detail()), failure.cause());
            case RESPONSE -> fromResponse(failure, diagnosis);
        };
    }

    private static PaymentException fromResponse(Outcome.Failure<?> failure, Diagnosis diagnosis) {
        int status = failure.status();
        String requestId = failure.requestId();
        String detail = failure.detail();
        if (status == 401) {
            return new AuthenticationException(detail, requestId, diagnosis);
        }
        if (failure.is(ErrorCode.CUSTOMER_NOT_FOUND)) {
            return new CustomerNotFoundException(detail, requestId, diagnosis);
        }
        if (failure.is(ErrorCode.CURRENCY_MISMATCH)) {
            return new CurrencyMismatchException(detail, requestId, diagnosis);
        }
        if (failure.is(ErrorCode.IDEMPOTENCY_KEY_REUSED)) {
            return new IdempotencyConflictException(ErrorCode.IDEMPOTENCY_KEY_REUSED, detail, requestId, diagnosis);
        }
        if (failure.is(ErrorCode.IDEMPOTENCY_KEY_IN_USE)) {
            return new IdempotencyConflictException(ErrorCode.IDEMPOTENCY_KEY_IN_USE, detail, requestId, diagnosis);
        }
        if (status == 429) {
            return new RateLimitedException(detail, requestId, failure.retryAfter(), diagnosis);
        }
        if (status >= 400 && status < 500) {
            return new InvalidRequestException(status, failure.code(), failure.field(), detail, requestId, diagnosis);
        }
        // 5xx, or a status the contract never answers (a redirect to a login page, say): the outcome is unknown.
        boolean problem = !failure.code().startsWith(Exchange.HTTP_CODE_PREFIX);
        String summary = status >= 500 ? UNAVAILABLE : "unexpected response from payment-provider";
        return new PaymentUnavailableException(status, failure.code(), summary, requestId,
                problem ? diagnosis : diagnosis.withReason(detail), failure.cause());
    }
}
