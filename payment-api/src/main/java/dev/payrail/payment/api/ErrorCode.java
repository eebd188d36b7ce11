package dev.payrail.payment.api;

import java.util.Arrays;
import java.util.Optional;

/**
 * The stable error codes of the contract, each with its HTTP status. They appear as {@code code} in every
 * problem+json body; clients branch on the code, never on the title or detail.
 */
public enum ErrorCode {
    INVALID_REQUEST("invalid_request", 400, "The request is invalid"),
    UNAUTHORIZED("unauthorized", 401, "Authentication required"),
    CUSTOMER_NOT_FOUND("customer_not_found", 404, "Customer not found"),
    CHARGE_NOT_FOUND("charge_not_found", 404, "Charge not found"),
    NOT_FOUND("not_found", 404, "Not found"),
    METHOD_NOT_ALLOWED("method_not_allowed", 405, "Method not allowed"),
    NOT_ACCEPTABLE("not_acceptable", 406, "Not acceptable"),
    IDEMPOTENCY_KEY_REUSED("idempotency_key_reused", 409,
            "Idempotency key already used with a different request"),
    IDEMPOTENCY_KEY_IN_USE("idempotency_key_in_use", 409,
            "A request with this idempotency key is still in progress"),
    PAYLOAD_TOO_LARGE("payload_too_large", 413, "Payload too large"),
    UNSUPPORTED_MEDIA_TYPE("unsupported_media_type", 415, "Unsupported media type"),
    CURRENCY_MISMATCH("currency_mismatch", 422, "Currency does not match the customer's currency"),
    RATE_LIMITED("rate_limited", 429, "Too many requests"),
    INTERNAL_ERROR("internal_error", 500, "Internal error"),
    UNAVAILABLE("unavailable", 503, "Service unavailable");

    /** Problem type URIs are this prefix followed by the code. */
    public static final String TYPE_PREFIX = "https://payrail.dev/problems/";

    private final String code;
    private final int status;
    private final String title;

    ErrorCode(String code, int status, String title) {
        this.code = code;
        this.status = status;
        this.title = title;
    }

    /** The wire value, for example {@code idempotency_key_reused}. */
    public String code() {
        return code;
    }

    /** The HTTP status this code is sent with. */
    public int status() {
        return status;
    }

    /** A short human-readable summary, the problem's {@code title}. */
    public String title() {
        return title;
    }

    /** The problem's {@code type} URI. */
    public String type() {
        return TYPE_PREFIX + code;
    }

    /** The code for a wire value, if it is one of ours. */
    public static Optional<ErrorCode> fromCode(String code) {
        return Arrays.stream(values()).filter(c -> c.code.equals(code)).findFirst();
    }
}
