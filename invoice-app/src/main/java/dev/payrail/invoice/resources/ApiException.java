package dev.payrail.invoice.resources;

/**
 * A request the service answers with an RFC 9457 problem: the status, the stable code and what went wrong.
 * Resources throw it; {@link ProblemMappers} turns it into {@code application/problem+json}.
 */
public final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final String title;
    private final String field;

    public ApiException(int status, String code, String title, String detail, String field) {
        super(detail);
        this.status = status;
        this.code = code;
        this.title = title;
        this.field = field;
    }

    static ApiException invalid(String field, String detail) {
        return new ApiException(400, "invalid_request", "The request is invalid", detail, field);
    }

    static ApiException notFound(String code, String title, String detail) {
        return new ApiException(404, code, title, detail, null);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String title() {
        return title;
    }

    public String field() {
        return field;
    }
}
