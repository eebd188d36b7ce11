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
        @Schema(example = "https://payrail.dev/problems/invalid_request") String type,
        @Schema(example = "The request is invalid") String title,
        @Schema(example = "400") int status,
        @Schema(example = "amount must be between 1 and 99999999999 minor units, was 0") String detail,
        @Schema(example = "invalid_request") String code,
        @Schema(example = "amount", nullable = true) String field,
        @Schema(example = "req_8d0f5a1c2b3e4f60") String requestId) {

    /** A problem of a known code. */
    public static Problem of(ErrorCode code, String detail, String field, String requestId) {
        return new Problem(code.type(), code.title(), code.status(), detail, code.code(), field, requestId);
    }
}
