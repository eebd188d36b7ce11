package dev.payrail.payment.client;

import dev.payrail.payment.api.ErrorCode;
import java.util.Objects;

/**
 * The idempotency key is taken: either by a different request ({@code 409 idempotency_key_reused}: a bug in
 * how the caller derives keys, never retried) or by the same request still in progress at the provider
 * ({@code 409 idempotency_key_in_use}: retried, and thrown only when the retries are exhausted; ask again later
 * with {@link Payments#findByIdempotencyKey}).
 */
public final class IdempotencyConflictException extends PaymentException {
    private static final long serialVersionUID = 1L;

    /**
     * For tests and fakes; the client builds its own with the call's details.
     *
     * @param code      {@link ErrorCode#IDEMPOTENCY_KEY_REUSED} or {@link ErrorCode#IDEMPOTENCY_KEY_IN_USE}
     * @param detail    what went wrong, for the message
     * @param requestId the provider's request id, or {@code null}
     */
    public IdempotencyConflictException(ErrorCode code, String detail, String requestId) {
        this(code, detail, requestId, null);
    }

    IdempotencyConflictException(ErrorCode code, String detail, String requestId, Diagnosis diagnosis) {
        super(detail, 409, requireConflict(code).code(), requestId, diagnosis, null);
    }

    /**
     * Whether this is {@code idempotency_key_in_use}: the first request with the key has not finished yet.
     *
     * @return {@code true} for {@code idempotency_key_in_use}, {@code false} for {@code idempotency_key_reused}
     */
    public boolean inProgress() {
        return ErrorCode.IDEMPOTENCY_KEY_IN_USE.code().equals(code());
    }

    private static ErrorCode requireConflict(ErrorCode code) {
        Objects.requireNonNull(code, "code == null");
        if (code != ErrorCode.IDEMPOTENCY_KEY_REUSED && code != ErrorCode.IDEMPOTENCY_KEY_IN_USE) {
            throw new IllegalArgumentException("code must be idempotency_key_reused or idempotency_key_in_use, was "
                    + code.code());
        }
        return code;
    }
}
