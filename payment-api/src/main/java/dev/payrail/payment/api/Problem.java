package dev.payrail.payment.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * An RFC 9457 problem detail, the body of every error response ({@code application/problem+json}).
 *
 * @param type      a URI naming the kind of problem, {@link ErrorCode#TYPE_PREFIX} + code
 * @param title     a short summary of the kind of problem
 * @param status    the HTTP status
 * @param detail    what went wrong with this request
 * @param code      the stable, machine-readable error code (see {@link ErrorCode})
 * @param field     for {@code invalid_request}: the offending field or header, else absent
 * @param requestId the {@code Request-Id} of the response
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "RFC 9457 problem detail")
public record Problem(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, format = "uri",
                example = "https://payrail.dev/problems/invalid_request",
                description = "https://payrail.dev/problems/ followed by the code") String type,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "The request is invalid",
                description = "A short summary of the kind of problem") String title,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "400", minimum = "400", maximum = "599",
                format = "int32", description = "The HTTP status") int status,
        @Schema(example = "amount must be between 1 and 99999999999 minor units, was 0",
                description = "What went wrong with this request") String detail,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "invalid_request", pattern = "^[a-z_]{1,64}$",
                description = "The stable, machine-readable code: invalid_request, unauthorized, customer_not_found, "
                        + "charge_not_found, not_found, method_not_allowed, not_acceptable, idempotency_key_reused, "
                        + "idempotency_key_in_use, payload_too_large, unsupported_media_type, currency_mismatch, "
                        + "rate_limited, internal_error, unavailable; branch on it, never on title or detail")
        String code,
        @Schema(example = "amount", description = "For invalid_request: the offending field, parameter or header")
        String field,
        @Schema(example = "req_8d0f5a1c2b3e4f60", description = "The Request-Id of the response") String requestId) {

    /** A problem of a known code. */
    public static Problem of(ErrorCode code, String detail, String field, String requestId) {
        return new Problem(code.type(), code.title(), code.status(), detail, code.code(), field, requestId);
    }
}
